CREATE TABLE "radar_share_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"radar_id" uuid NOT NULL,
	"volume_id" uuid,
	"label" text DEFAULT '' NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	"revoked_by" uuid,
	CONSTRAINT "radar_share_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "blips" ADD COLUMN "number" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "radar_imports" ADD COLUMN "mapping" jsonb;--> statement-breakpoint
ALTER TABLE "radar_volume_blips" ADD COLUMN "returning" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "radar_volume_blips" ADD COLUMN "number" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "radars" ADD COLUMN "next_blip_number" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "radar_share_links" ADD CONSTRAINT "radar_share_links_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_share_links" ADD CONSTRAINT "radar_share_links_radar_id_radars_id_fk" FOREIGN KEY ("radar_id") REFERENCES "public"."radars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_share_links" ADD CONSTRAINT "radar_share_links_volume_id_radar_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."radar_volumes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "radar_share_links_radar_idx" ON "radar_share_links" USING btree ("project_id","radar_id","id");--> statement-breakpoint
SELECT cc_enable_tenant_rls('radar_share_links');--> statement-breakpoint
UPDATE "blips" SET "number" = numbered.rn FROM (
	SELECT "id", row_number() OVER (PARTITION BY "radar_id" ORDER BY "created_at", "id") AS rn FROM "blips"
) AS numbered WHERE numbered."id" = "blips"."id";--> statement-breakpoint
UPDATE "radars" SET "next_blip_number" = coalesce((SELECT max("number") FROM "blips" WHERE "blips"."radar_id" = "radars"."id"), 0) + 1;--> statement-breakpoint
UPDATE "radar_volume_blips" SET "number" = numbered.rn FROM (
	SELECT "volume_id", "technology_id",
		row_number() OVER (PARTITION BY "volume_id" ORDER BY "quadrant_order", "ring_order", lower("title"), "technology_id") AS rn
	FROM "radar_volume_blips"
) AS numbered WHERE numbered."volume_id" = "radar_volume_blips"."volume_id" AND numbered."technology_id" = "radar_volume_blips"."technology_id";
