-- Custom SQL migration file, put your code below! --
-- The version of what the server keeps in memory (catalogue/cache.ts): raised by every insert, update
-- or delete of those tables, in the transaction that makes it, whichever connection that is.
INSERT INTO `catalogue_version` (`id`, `version`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `academies_insert_catalogue_version` AFTER INSERT ON `academies` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `academies_update_catalogue_version` AFTER UPDATE ON `academies` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `academies_delete_catalogue_version` AFTER DELETE ON `academies` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_domains_insert_catalogue_version` AFTER INSERT ON `exam_domains` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_domains_update_catalogue_version` AFTER UPDATE ON `exam_domains` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_domains_delete_catalogue_version` AFTER DELETE ON `exam_domains` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_sessions_insert_catalogue_version` AFTER INSERT ON `exam_sessions` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_sessions_update_catalogue_version` AFTER UPDATE ON `exam_sessions` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_sessions_delete_catalogue_version` AFTER DELETE ON `exam_sessions` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `registration_windows_insert_catalogue_version` AFTER INSERT ON `registration_windows` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `registration_windows_update_catalogue_version` AFTER UPDATE ON `registration_windows` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `registration_windows_delete_catalogue_version` AFTER DELETE ON `registration_windows` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `specialties_insert_catalogue_version` AFTER INSERT ON `specialties` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `specialties_update_catalogue_version` AFTER UPDATE ON `specialties` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `specialties_delete_catalogue_version` AFTER DELETE ON `specialties` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `specialty_options_insert_catalogue_version` AFTER INSERT ON `specialty_options` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `specialty_options_update_catalogue_version` AFTER UPDATE ON `specialty_options` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `specialty_options_delete_catalogue_version` AFTER DELETE ON `specialty_options` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_units_insert_catalogue_version` AFTER INSERT ON `exam_units` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_units_update_catalogue_version` AFTER UPDATE ON `exam_units` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `exam_units_delete_catalogue_version` AFTER DELETE ON `exam_units` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `languages_insert_catalogue_version` AFTER INSERT ON `languages` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `languages_update_catalogue_version` AFTER UPDATE ON `languages` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `languages_delete_catalogue_version` AFTER DELETE ON `languages` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `candidate_situations_insert_catalogue_version` AFTER INSERT ON `candidate_situations` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `candidate_situations_update_catalogue_version` AFTER UPDATE ON `candidate_situations` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `candidate_situations_delete_catalogue_version` AFTER DELETE ON `candidate_situations` BEGIN
	UPDATE `catalogue_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
