CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`changed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `manager_academies` (
	`manager_id` text NOT NULL,
	`academy_code` text NOT NULL,
	PRIMARY KEY(`manager_id`, `academy_code`),
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`academy_code`) REFERENCES `academies`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `manager_recovery_codes` (
	`manager_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	PRIMARY KEY(`manager_id`, `code_hash`),
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `manager_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`manager_id` text NOT NULL,
	`pending_second_factor` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`absolute_expires_at` integer NOT NULL,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `manager_sessions_manager_idx` ON `manager_sessions` (`manager_id`);--> statement-breakpoint
CREATE TABLE `managers` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text,
	`disabled_at` integer,
	`failed_login_count` integer DEFAULT 0 NOT NULL,
	`last_failed_login_at` integer,
	`totp_key` text,
	`totp_enabled_at` integer,
	`totp_last_step` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `managers_email_unique` ON `managers` (`email`);--> statement-breakpoint
ALTER TABLE `exam_offices` ADD `changed_in_app_at` integer;--> statement-breakpoint
ALTER TABLE `registrations` ADD `set_aside_at` integer;--> statement-breakpoint
ALTER TABLE `registrations` ADD `set_aside_reason` text;--> statement-breakpoint
ALTER TABLE `registrations` ADD `signed_confirmation_received_on` text;--> statement-breakpoint
ALTER TABLE `registrations` ADD `signed_confirmation_version` integer;--> statement-breakpoint
CREATE INDEX `registrations_academy_number_idx` ON `registrations` (`academy_code`,`registration_number`);--> statement-breakpoint
CREATE INDEX `registrations_academy_updated_idx` ON `registrations` (`academy_code`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `registrations_updated_idx` ON `registrations` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_occurred_idx` ON `audit_events` (`occurred_at`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `candidates_name_idx` ON `candidates` (`birth_name`,`first_names`);--> statement-breakpoint
-- SPEC M8: the audit log is append-only; the database itself refuses to change or delete an entry.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only: an entry cannot be changed');
END;--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only: an entry cannot be deleted');
END;
