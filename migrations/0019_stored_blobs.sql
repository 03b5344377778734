CREATE TABLE "stored_blobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"owner" text NOT NULL,
	"sha256" text NOT NULL,
	"key" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"state" text NOT NULL,
	"state_changed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_blobs_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "research_attachments" ADD COLUMN "blob_key" text;--> statement-breakpoint
UPDATE "research_attachments" SET "blob_key" = "project_id"::text || '/' || substr("sha256", 1, 2) || '/' || "sha256";--> statement-breakpoint
ALTER TABLE "research_attachments" ALTER COLUMN "blob_key" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "stored_blobs_live_idx" ON "stored_blobs" USING btree ("project_id","owner","sha256") WHERE "stored_blobs"."state" = 'live';--> statement-breakpoint
CREATE INDEX "stored_blobs_state_idx" ON "stored_blobs" USING btree ("project_id","owner","state","state_changed_at");--> statement-breakpoint
INSERT INTO "stored_blobs" ("id", "project_id", "owner", "sha256", "key", "size_bytes", "state")
SELECT gen_random_uuid(), "project_id", 'research.attachments', "sha256", "blob_key", max("size_bytes"), 'live'
FROM "research_attachments" GROUP BY "project_id", "sha256", "blob_key";--> statement-breakpoint
SELECT cc_enable_tenant_rls('stored_blobs');
