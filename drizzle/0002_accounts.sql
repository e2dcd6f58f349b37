CREATE TABLE `account_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` text NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`new_email` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_tokens_token_hash_unique` ON `account_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `account_tokens_candidate_idx` ON `account_tokens` (`candidate_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`candidate_id` text PRIMARY KEY NOT NULL,
	`password_hash` text,
	`login_slip_secret_hash` text,
	`activated_at` integer,
	`created_at` integer NOT NULL,
	`failed_login_count` integer DEFAULT 0 NOT NULL,
	`last_failed_login_at` integer,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `candidates` (
	`id` text PRIMARY KEY NOT NULL,
	`candidate_number` text,
	`source` text NOT NULL,
	`civility` text NOT NULL,
	`birth_name` text NOT NULL,
	`usage_name` text DEFAULT '' NOT NULL,
	`first_names` text NOT NULL,
	`birth_date` text NOT NULL,
	`birth_place` text NOT NULL,
	`birth_country` text NOT NULL,
	`nationality` text NOT NULL,
	`address_line1` text NOT NULL,
	`address_line2` text DEFAULT '' NOT NULL,
	`postal_code` text NOT NULL,
	`city` text NOT NULL,
	`country` text NOT NULL,
	`phone` text NOT NULL,
	`email` text,
	`email_normalized` text,
	`personal_data_locked_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `candidates_candidate_number_unique` ON `candidates` (`candidate_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `candidates_email_normalized_unique` ON `candidates` (`email_normalized`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`sent_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_due_idx` ON `mail_outbox` (`sent_at`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `number_sequences` (
	`key` text PRIMARY KEY NOT NULL,
	`last_value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`candidate_id` text,
	`audience` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`absolute_expires_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_candidate_idx` ON `sessions` (`candidate_id`);