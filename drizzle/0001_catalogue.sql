CREATE TABLE `academies` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`full_name` text NOT NULL,
	`time_zone` text NOT NULL,
	`parent_code` text,
	`country_code` text,
	`country_name` text,
	`illustrative` integer DEFAULT false NOT NULL,
	`sort_order` integer NOT NULL,
	FOREIGN KEY (`parent_code`) REFERENCES `academies`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `candidate_situations` (
	`code` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`description` text NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `catalogue_data_versions` (
	`file` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`applied_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `exam_domains` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`short_name` text NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `exam_offices` (
	`academy_code` text NOT NULL,
	`exam_domain_code` text NOT NULL,
	`session_year` integer NOT NULL,
	`service_name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text NOT NULL,
	`postal_address` text NOT NULL,
	`accommodation_circular_url` text NOT NULL,
	`accommodation_circular_path` text,
	`confirmation_return_date` text NOT NULL,
	`illustrative_fields` text NOT NULL,
	PRIMARY KEY(`academy_code`, `exam_domain_code`, `session_year`),
	FOREIGN KEY (`academy_code`) REFERENCES `academies`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`exam_domain_code`) REFERENCES `exam_domains`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `exam_sessions` (
	`exam_domain_code` text NOT NULL,
	`year` integer NOT NULL,
	PRIMARY KEY(`exam_domain_code`, `year`),
	FOREIGN KEY (`exam_domain_code`) REFERENCES `exam_domains`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `exam_units` (
	`specialty_code` text NOT NULL,
	`code` text NOT NULL,
	`parent_code` text,
	`option_code` text,
	`name` text NOT NULL,
	`general` integer NOT NULL,
	`coefficient` real,
	`language_choice` integer DEFAULT false NOT NULL,
	`optional` integer DEFAULT false NOT NULL,
	`illustrative` integer DEFAULT false NOT NULL,
	`note` text,
	`sort_order` integer NOT NULL,
	PRIMARY KEY(`specialty_code`, `code`),
	FOREIGN KEY (`specialty_code`) REFERENCES `specialties`(`code`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `languages` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`optional_only` integer DEFAULT false NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `prior_result_types` (
	`code` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`description` text NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `registration_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`exam_domain_code` text NOT NULL,
	`session_year` integer NOT NULL,
	`academy_code` text NOT NULL,
	`audience` text DEFAULT 'public' NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`changed_in_app_at` integer,
	FOREIGN KEY (`exam_domain_code`) REFERENCES `exam_domains`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`academy_code`) REFERENCES `academies`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registration_windows_code_unique` ON `registration_windows` (`code`);--> statement-breakpoint
CREATE INDEX `registration_windows_lookup_idx` ON `registration_windows` (`exam_domain_code`,`session_year`,`academy_code`);--> statement-breakpoint
CREATE TABLE `specialties` (
	`code` text PRIMARY KEY NOT NULL,
	`exam_domain_code` text NOT NULL,
	`name` text NOT NULL,
	`illustrative` integer DEFAULT false NOT NULL,
	`sort_order` integer NOT NULL,
	FOREIGN KEY (`exam_domain_code`) REFERENCES `exam_domains`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `specialty_options` (
	`specialty_code` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`illustrative` integer DEFAULT false NOT NULL,
	`sort_order` integer NOT NULL,
	PRIMARY KEY(`specialty_code`, `code`),
	FOREIGN KEY (`specialty_code`) REFERENCES `specialties`(`code`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `supporting_document_types` (
	`code` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`description` text NOT NULL,
	`scope` text NOT NULL,
	`situations` text,
	`prior_result_types` text,
	`condition` text,
	`illustrative` integer DEFAULT false NOT NULL,
	`sort_order` integer NOT NULL
);
