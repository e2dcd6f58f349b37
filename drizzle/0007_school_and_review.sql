CREATE TABLE `school_import_candidates` (
	`import_id` text NOT NULL,
	`candidate_id` text NOT NULL,
	`outcome` text NOT NULL,
	PRIMARY KEY(`import_id`, `candidate_id`),
	FOREIGN KEY (`import_id`) REFERENCES `school_imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `school_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`academy_code` text NOT NULL,
	`manager_id` text NOT NULL,
	`file_name` text NOT NULL,
	`file_hash` text NOT NULL,
	`created_count` integer NOT NULL,
	`updated_count` integer NOT NULL,
	`unchanged_count` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `accounts` ADD `login_slip_issued_at` integer;--> statement-breakpoint
ALTER TABLE `candidates` ADD `ine` text;--> statement-breakpoint
CREATE UNIQUE INDEX `candidates_ine_unique` ON `candidates` (`ine`);--> statement-breakpoint
ALTER TABLE `registrations` ADD `origin` text DEFAULT 'candidate' NOT NULL;--> statement-breakpoint
ALTER TABLE `registrations` ADD `school_uai` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `created_by_manager_id` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `payload` text;--> statement-breakpoint
ALTER TABLE `supporting_documents` ADD `reviewed_by` text;--> statement-breakpoint
CREATE INDEX `supporting_documents_state_idx` ON `supporting_documents` (`state`,`uploaded_at`);