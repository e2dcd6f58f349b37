CREATE TABLE `registration_drafts` (
	`candidate_id` text NOT NULL,
	`exam_domain_code` text NOT NULL,
	`session_year` integer NOT NULL,
	`academy_code` text NOT NULL,
	`registration_number` text,
	`base_version` integer,
	`tab` text NOT NULL,
	`content` text NOT NULL,
	`revision` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`candidate_id`, `exam_domain_code`, `session_year`),
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade
);
