CREATE TABLE `candidate_name_words` (
	`word` text NOT NULL,
	`candidate_id` text NOT NULL,
	PRIMARY KEY(`word`, `candidate_id`),
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `candidate_name_words_candidate_idx` ON `candidate_name_words` (`candidate_id`,`word`);--> statement-breakpoint
ALTER TABLE `candidates` ADD `search_names` text;--> statement-breakpoint
CREATE INDEX `candidates_unfolded_idx` ON `candidates` (`id`) WHERE "candidates"."search_names" IS NULL;