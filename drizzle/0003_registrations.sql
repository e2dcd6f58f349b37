CREATE TABLE `idempotency_keys` (
	`candidate_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`candidate_id`, `key`),
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `registration_versions` (
	`registration_id` text NOT NULL,
	`version` integer NOT NULL,
	`content` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`registration_id`, `version`),
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`candidate_id` text NOT NULL,
	`exam_domain_code` text NOT NULL,
	`session_year` integer NOT NULL,
	`academy_code` text NOT NULL,
	`registration_number` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`exam_domain_code`) REFERENCES `exam_domains`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`academy_code`) REFERENCES `academies`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_registration_number_unique` ON `registrations` (`registration_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_one_active_idx` ON `registrations` (`candidate_id`,`exam_domain_code`,`session_year`) WHERE "registrations"."status" = 'active';--> statement-breakpoint
CREATE INDEX `registrations_candidate_idx` ON `registrations` (`candidate_id`);