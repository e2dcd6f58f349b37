CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`candidate_id` text NOT NULL,
	`registration_id` text,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`storage_name` text NOT NULL,
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	`byte_size` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_version_idx` ON `documents` (`candidate_id`,`registration_id`,`kind`,`version`);--> statement-breakpoint
CREATE INDEX `documents_candidate_idx` ON `documents` (`candidate_id`);--> statement-breakpoint
CREATE TABLE `queued_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`run_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`done_at` integer
);
--> statement-breakpoint
CREATE INDEX `queued_jobs_due_idx` ON `queued_jobs` (`done_at`,`run_at`);--> statement-breakpoint
CREATE TABLE `supporting_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`registration_id` text NOT NULL,
	`type_code` text NOT NULL,
	`storage_name` text NOT NULL,
	`media_type` text NOT NULL,
	`byte_size` integer NOT NULL,
	`uploaded_at` integer NOT NULL,
	`state` text NOT NULL,
	`review_reason` text,
	`reviewed_at` integer,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`type_code`) REFERENCES `supporting_document_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supporting_documents_type_idx` ON `supporting_documents` (`registration_id`,`type_code`);--> statement-breakpoint
ALTER TABLE `candidates` ADD `documents_seen_at` integer;--> statement-breakpoint
ALTER TABLE `registrations` ADD `supporting_documents_locked_at` integer;--> statement-breakpoint
ALTER TABLE `registrations` ADD `pending_validation` integer DEFAULT false NOT NULL;