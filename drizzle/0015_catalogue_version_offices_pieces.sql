-- Custom SQL migration file, put your code below! --
-- The exam offices and the supporting document types join the catalogue kept in memory (catalogue/cache.ts):
-- « Mon espace », the wizard and the summaries read them on every visit, and they change only when a manager
-- saves an office or the seed runs. Raised as in 0014, in the transaction that makes the change.
CREATE TRIGGER `exam_offices_insert_catalogue_version` AFTER INSERT ON `exam_offices` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_offices_update_catalogue_version` AFTER UPDATE ON `exam_offices` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_offices_delete_catalogue_version` AFTER DELETE ON `exam_offices` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `supporting_document_types_insert_catalogue_version` AFTER INSERT ON `supporting_document_types` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `supporting_document_types_update_catalogue_version` AFTER UPDATE ON `supporting_document_types` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `supporting_document_types_delete_catalogue_version` AFTER DELETE ON `supporting_document_types` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
