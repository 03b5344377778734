CREATE TABLE "blip_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"radar_id" uuid NOT NULL,
	"technology_id" uuid NOT NULL,
	"blip_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_ring_id" text,
	"from_ring_name" text,
	"to_ring_id" text,
	"to_ring_name" text,
	"from_quadrant_id" text,
	"from_quadrant_name" text,
	"to_quadrant_id" text,
	"to_quadrant_name" text,
	"rationale" text,
	"proposal_id" uuid,
	"actor_user_id" uuid,
	"actor" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blips" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"radar_id" uuid NOT NULL,
	"technology_id" uuid NOT NULL,
	"quadrant_id" text NOT NULL,
	"ring_id" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radar_proposal_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"author_id" uuid,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radar_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"radar_id" uuid NOT NULL,
	"format" text NOT NULL,
	"strategy" text NOT NULL,
	"prune" boolean DEFAULT false NOT NULL,
	"content" text NOT NULL,
	"source_name" text,
	"publish_volume" jsonb,
	"created_by" uuid,
	"completed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radar_proposals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"radar_id" uuid NOT NULL,
	"blip_id" uuid NOT NULL,
	"technology_id" uuid NOT NULL,
	"from_ring_id" text NOT NULL,
	"from_quadrant_id" text NOT NULL,
	"to_ring_id" text NOT NULL,
	"to_quadrant_id" text NOT NULL,
	"blip_version" integer NOT NULL,
	"rationale" text NOT NULL,
	"research_task_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"proposed_by" uuid,
	"proposer" text NOT NULL,
	"decided_by" uuid,
	"decider" text,
	"decision_comment" text,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radar_volume_blips" (
	"project_id" uuid NOT NULL,
	"volume_id" uuid NOT NULL,
	"technology_id" uuid NOT NULL,
	"title" text NOT NULL,
	"quadrant_id" text NOT NULL,
	"ring_id" text NOT NULL,
	"quadrant_order" integer NOT NULL,
	"ring_order" integer NOT NULL,
	"movement" text NOT NULL,
	CONSTRAINT "radar_volume_blips_volume_id_technology_id_pk" PRIMARY KEY("volume_id","technology_id")
);
--> statement-breakpoint
CREATE TABLE "radar_volumes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"radar_id" uuid NOT NULL,
	"name" text NOT NULL,
	"date" date NOT NULL,
	"quadrants" jsonb NOT NULL,
	"rings" jsonb NOT NULL,
	"import_id" uuid,
	"published_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radars" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"quadrants" jsonb NOT NULL,
	"rings" jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "technologies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"vendor" text,
	"domain" text,
	"status" text DEFAULT 'discovery' NOT NULL,
	"relevance" integer DEFAULT 50 NOT NULL,
	"priority" integer DEFAULT 3 NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"use_cases" text DEFAULT '' NOT NULL,
	"documentation_url" text,
	"repository_url" text,
	"website_url" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"maturity" text,
	"cost_tier" text,
	"monthly_cost" double precision,
	"integration_difficulty" text,
	"integration_estimate_days" integer,
	"stability_score" integer,
	"latency_ms" double precision,
	"throughput_qps" double precision,
	"github_stars" integer,
	"last_commit_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '') || ' ' || cc_text_array_join(tags, ' ')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')) STORED
);
--> statement-breakpoint
CREATE TABLE "technology_relations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"from_technology_id" uuid NOT NULL,
	"to_technology_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research_task_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research_task_technologies" (
	"project_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"technology_id" uuid NOT NULL,
	CONSTRAINT "research_task_technologies_task_id_technology_id_pk" PRIMARY KEY("task_id","technology_id")
);
--> statement-breakpoint
CREATE TABLE "research_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"assignee_id" uuid,
	"due_date" date,
	"progress" integer DEFAULT 0 NOT NULL,
	"estimated_hours" double precision,
	"actual_hours" double precision,
	"findings" text DEFAULT '' NOT NULL,
	"verdict" text,
	"confidence" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"completed_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "research_tasks_status_check" CHECK ("research_tasks"."status" IN ('pending', 'in_progress', 'blocked', 'completed', 'cancelled')),
	CONSTRAINT "research_tasks_progress_check" CHECK ("research_tasks"."progress" BETWEEN 0 AND 100),
	CONSTRAINT "research_tasks_completion_check" CHECK (("research_tasks"."status" = 'completed') = ("research_tasks"."progress" = 100) AND ("research_tasks"."status" = 'completed') = ("research_tasks"."completed_at" IS NOT NULL)),
	CONSTRAINT "research_tasks_verdict_check" CHECK ("research_tasks"."verdict" IS NULL OR "research_tasks"."verdict" IN ('adopt', 'trial', 'assess', 'hold')),
	CONSTRAINT "research_tasks_confidence_check" CHECK (("research_tasks"."verdict" IS NULL AND "research_tasks"."confidence" IS NULL) OR "research_tasks"."confidence" IN ('low', 'medium', 'high')),
	CONSTRAINT "research_tasks_hours_check" CHECK (coalesce("research_tasks"."estimated_hours", 0) >= 0 AND coalesce("research_tasks"."actual_hours", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "blip_history" ADD CONSTRAINT "blip_history_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blip_history" ADD CONSTRAINT "blip_history_radar_id_radars_id_fk" FOREIGN KEY ("radar_id") REFERENCES "public"."radars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blip_history" ADD CONSTRAINT "blip_history_technology_id_technologies_id_fk" FOREIGN KEY ("technology_id") REFERENCES "public"."technologies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blips" ADD CONSTRAINT "blips_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blips" ADD CONSTRAINT "blips_radar_id_radars_id_fk" FOREIGN KEY ("radar_id") REFERENCES "public"."radars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blips" ADD CONSTRAINT "blips_technology_id_technologies_id_fk" FOREIGN KEY ("technology_id") REFERENCES "public"."technologies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_proposal_comments" ADD CONSTRAINT "radar_proposal_comments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_proposal_comments" ADD CONSTRAINT "radar_proposal_comments_proposal_id_radar_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."radar_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_imports" ADD CONSTRAINT "radar_imports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_imports" ADD CONSTRAINT "radar_imports_radar_id_radars_id_fk" FOREIGN KEY ("radar_id") REFERENCES "public"."radars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_proposals" ADD CONSTRAINT "radar_proposals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_proposals" ADD CONSTRAINT "radar_proposals_radar_id_radars_id_fk" FOREIGN KEY ("radar_id") REFERENCES "public"."radars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_proposals" ADD CONSTRAINT "radar_proposals_blip_id_blips_id_fk" FOREIGN KEY ("blip_id") REFERENCES "public"."blips"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_proposals" ADD CONSTRAINT "radar_proposals_technology_id_technologies_id_fk" FOREIGN KEY ("technology_id") REFERENCES "public"."technologies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_volume_blips" ADD CONSTRAINT "radar_volume_blips_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_volume_blips" ADD CONSTRAINT "radar_volume_blips_volume_id_radar_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."radar_volumes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_volumes" ADD CONSTRAINT "radar_volumes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_volumes" ADD CONSTRAINT "radar_volumes_radar_id_radars_id_fk" FOREIGN KEY ("radar_id") REFERENCES "public"."radars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radars" ADD CONSTRAINT "radars_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technologies" ADD CONSTRAINT "technologies_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_relations" ADD CONSTRAINT "technology_relations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_relations" ADD CONSTRAINT "technology_relations_from_technology_id_technologies_id_fk" FOREIGN KEY ("from_technology_id") REFERENCES "public"."technologies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_relations" ADD CONSTRAINT "technology_relations_to_technology_id_technologies_id_fk" FOREIGN KEY ("to_technology_id") REFERENCES "public"."technologies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_attachments" ADD CONSTRAINT "research_attachments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_attachments" ADD CONSTRAINT "research_attachments_task_id_research_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."research_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_attachments" ADD CONSTRAINT "research_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_task_comments" ADD CONSTRAINT "research_task_comments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_task_comments" ADD CONSTRAINT "research_task_comments_task_id_research_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."research_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_task_comments" ADD CONSTRAINT "research_task_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_task_technologies" ADD CONSTRAINT "research_task_technologies_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_task_technologies" ADD CONSTRAINT "research_task_technologies_task_id_research_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."research_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_task_technologies" ADD CONSTRAINT "research_task_technologies_technology_id_technologies_id_fk" FOREIGN KEY ("technology_id") REFERENCES "public"."technologies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_tasks" ADD CONSTRAINT "research_tasks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_tasks" ADD CONSTRAINT "research_tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_tasks" ADD CONSTRAINT "research_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blip_history_technology_idx" ON "blip_history" USING btree ("project_id","technology_id","created_at","id");--> statement-breakpoint
CREATE INDEX "blip_history_radar_idx" ON "blip_history" USING btree ("radar_id");--> statement-breakpoint
CREATE UNIQUE INDEX "blips_radar_technology_key" ON "blips" USING btree ("radar_id","technology_id");--> statement-breakpoint
CREATE INDEX "blips_technology_idx" ON "blips" USING btree ("technology_id");--> statement-breakpoint
CREATE INDEX "blips_radar_ring_idx" ON "blips" USING btree ("radar_id","ring_id");--> statement-breakpoint
CREATE INDEX "blips_radar_quadrant_idx" ON "blips" USING btree ("radar_id","quadrant_id");--> statement-breakpoint
CREATE INDEX "blips_project_idx" ON "blips" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "radar_proposal_comments_proposal_idx" ON "radar_proposal_comments" USING btree ("proposal_id","id");--> statement-breakpoint
CREATE INDEX "radar_proposal_comments_project_idx" ON "radar_proposal_comments" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "radar_imports_project_idx" ON "radar_imports" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "radar_proposals_project_status_idx" ON "radar_proposals" USING btree ("project_id","status","id");--> statement-breakpoint
CREATE INDEX "radar_proposals_blip_idx" ON "radar_proposals" USING btree ("blip_id");--> statement-breakpoint
CREATE INDEX "radar_proposals_technology_idx" ON "radar_proposals" USING btree ("technology_id");--> statement-breakpoint
CREATE INDEX "radar_volume_blips_project_idx" ON "radar_volume_blips" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "radar_volumes_radar_name_key" ON "radar_volumes" USING btree ("radar_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "radar_volumes_import_key" ON "radar_volumes" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "radar_volumes_radar_date_idx" ON "radar_volumes" USING btree ("radar_id","date","id");--> statement-breakpoint
CREATE INDEX "radar_volumes_project_idx" ON "radar_volumes" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "radars_project_name_key" ON "radars" USING btree ("project_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "radars_project_default_key" ON "radars" USING btree ("project_id") WHERE "radars"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "technologies_project_title_key" ON "technologies" USING btree ("project_id",(lower("title") COLLATE "C"));--> statement-breakpoint
CREATE INDEX "technologies_project_updated_idx" ON "technologies" USING btree ("project_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "technologies_project_created_idx" ON "technologies" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "technologies_project_priority_idx" ON "technologies" USING btree ("project_id","priority","id");--> statement-breakpoint
CREATE INDEX "technologies_project_relevance_idx" ON "technologies" USING btree ("project_id","relevance","id");--> statement-breakpoint
CREATE INDEX "technologies_project_status_idx" ON "technologies" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "technologies_project_domain_idx" ON "technologies" USING btree ("project_id","domain");--> statement-breakpoint
CREATE INDEX "technologies_tags_idx" ON "technologies" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "technologies_search_idx" ON "technologies" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "technology_relations_pair_key" ON "technology_relations" USING btree ("from_technology_id","to_technology_id","kind");--> statement-breakpoint
CREATE INDEX "technology_relations_to_idx" ON "technology_relations" USING btree ("to_technology_id");--> statement-breakpoint
CREATE INDEX "technology_relations_project_idx" ON "technology_relations" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "research_attachments_task_idx" ON "research_attachments" USING btree ("project_id","task_id","id");--> statement-breakpoint
CREATE INDEX "research_attachments_blob_idx" ON "research_attachments" USING btree ("project_id","sha256");--> statement-breakpoint
CREATE INDEX "research_task_comments_task_idx" ON "research_task_comments" USING btree ("project_id","task_id","id");--> statement-breakpoint
CREATE INDEX "research_task_technologies_technology_idx" ON "research_task_technologies" USING btree ("project_id","technology_id");--> statement-breakpoint
CREATE INDEX "research_tasks_project_created_idx" ON "research_tasks" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "research_tasks_project_status_idx" ON "research_tasks" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "research_tasks_project_due_idx" ON "research_tasks" USING btree ("project_id","due_date","id");--> statement-breakpoint
CREATE INDEX "research_tasks_project_assignee_idx" ON "research_tasks" USING btree ("project_id","assignee_id");--> statement-breakpoint
CREATE INDEX "research_tasks_tags_idx" ON "research_tasks" USING gin ("tags");