-- Custom SQL migration file, put your code below! --
-- candidate_name_words follows candidates.search_names (SPEC M3's search). The words are split
-- with json_each: a folded text has only letters, digits and single spaces, so it quotes as JSON
-- as is. A candidate's deletion takes its words by the foreign key's cascade.
CREATE TRIGGER `candidate_name_words_insert` AFTER INSERT ON `candidates` WHEN new.`search_names` IS NOT NULL BEGIN
	INSERT OR IGNORE INTO `candidate_name_words` (`word`, `candidate_id`)
		SELECT value, new.`id` FROM json_each('["' || replace(new.`search_names`, ' ', '","') || '"]') WHERE value <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `candidate_name_words_update` AFTER UPDATE OF `search_names` ON `candidates` WHEN new.`search_names` IS NOT old.`search_names` BEGIN
	DELETE FROM `candidate_name_words` WHERE `candidate_id` = old.`id`;
	INSERT OR IGNORE INTO `candidate_name_words` (`word`, `candidate_id`)
		SELECT value, new.`id` FROM json_each('["' || replace(new.`search_names`, ' ', '","') || '"]') WHERE value <> '';
END;
