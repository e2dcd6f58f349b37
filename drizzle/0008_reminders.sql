CREATE TABLE `sent_reminders` (
	`key` text PRIMARY KEY NOT NULL,
	`candidate_id` text NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `candidates` ADD `reminders_opt_out` integer DEFAULT false NOT NULL;