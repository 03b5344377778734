CREATE TABLE "instance_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
-- One id per installation (not per process): it names this instance's NATS stream and subjects, so several
-- installations can share a NATS server without reading each other's events.
INSERT INTO "instance_settings" ("key", "value") VALUES ('instance_id', gen_random_uuid()::text) ON CONFLICT DO NOTHING;
