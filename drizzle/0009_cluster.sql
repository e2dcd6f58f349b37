CREATE TABLE `job_schedule` (
	`name` text PRIMARY KEY NOT NULL,
	`next_run_at` integer NOT NULL,
	`leased_by` text,
	`lease_expires_at` integer,
	`last_run_at` integer
);
--> statement-breakpoint
CREATE TABLE `absent_login_failures` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`count` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `absent_login_failures_age_idx` ON `absent_login_failures` (`scope`,`last_at`);--> statement-breakpoint
CREATE TABLE `throttle_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`bucket` text NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `throttle_events_key_idx` ON `throttle_events` (`bucket`,`key`,`at`);--> statement-breakpoint
CREATE INDEX `throttle_events_age_idx` ON `throttle_events` (`bucket`,`at`);--> statement-breakpoint
ALTER TABLE `queued_jobs` ADD `leased_by` text;--> statement-breakpoint
ALTER TABLE `queued_jobs` ADD `lease_expires_at` integer;