CREATE TABLE "repositories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"location" text NOT NULL,
	"location_key" text NOT NULL,
	"display_name" text NOT NULL,
	"default_branch" text,
	"last_synced_sha" text,
	"sync_status" text DEFAULT 'pending' NOT NULL,
	"sync_error" text,
	"sync_job_id" uuid,
	"last_synced_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repositories_kind_check" CHECK ("repositories"."kind" IN ('local', 'git', 'github')),
	CONSTRAINT "repositories_sync_status_check" CHECK ("repositories"."sync_status" IN ('pending', 'syncing', 'synced', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "repository_branches" (
	"project_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"name" text NOT NULL,
	"head_sha" text NOT NULL,
	CONSTRAINT "repository_branches_repository_id_name_pk" PRIMARY KEY("repository_id","name")
);
--> statement-breakpoint
CREATE TABLE "repository_commits" (
	"project_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"sha" text NOT NULL,
	"parent_shas" text[] NOT NULL,
	"author_name" text NOT NULL,
	"author_email" text NOT NULL,
	"authored_at" timestamp (3) with time zone NOT NULL,
	"message" text NOT NULL,
	"files_changed" integer NOT NULL,
	"additions" integer NOT NULL,
	"deletions" integer NOT NULL,
	CONSTRAINT "repository_commits_repository_id_sha_pk" PRIMARY KEY("repository_id","sha")
);
--> statement-breakpoint
CREATE TABLE "repository_tags" (
	"project_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"name" text NOT NULL,
	"target_sha" text NOT NULL,
	CONSTRAINT "repository_tags_repository_id_name_pk" PRIMARY KEY("repository_id","name")
);
--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_branches" ADD CONSTRAINT "repository_branches_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_branches" ADD CONSTRAINT "repository_branches_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_commits" ADD CONSTRAINT "repository_commits_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_commits" ADD CONSTRAINT "repository_commits_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_tags" ADD CONSTRAINT "repository_tags_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_tags" ADD CONSTRAINT "repository_tags_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "repositories_project_location_idx" ON "repositories" USING btree ("project_id","location_key");--> statement-breakpoint
CREATE INDEX "repositories_project_id_idx" ON "repositories" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "repository_branches_project_idx" ON "repository_branches" USING btree ("project_id","repository_id");--> statement-breakpoint
CREATE INDEX "repository_commits_recent_idx" ON "repository_commits" USING btree ("project_id","repository_id","authored_at","sha");--> statement-breakpoint
CREATE INDEX "repository_tags_project_idx" ON "repository_tags" USING btree ("project_id","repository_id");--> statement-breakpoint
SELECT cc_enable_tenant_rls('repositories');--> statement-breakpoint
SELECT cc_enable_tenant_rls('repository_branches');--> statement-breakpoint
SELECT cc_enable_tenant_rls('repository_tags');--> statement-breakpoint
SELECT cc_enable_tenant_rls('repository_commits');