CREATE TABLE "event_dead_letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"subscriber" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_position" bigint NOT NULL,
	"event_type" text NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replayed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_cursors" (
	"subscriber" text PRIMARY KEY NOT NULL,
	"position" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"subject" text NOT NULL,
	"time" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb NOT NULL,
	"actor" text,
	"correlation_id" text,
	CONSTRAINT "events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"subscriber" text NOT NULL,
	"event_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_subscriber_event_id_pk" PRIMARY KEY("subscriber","event_id")
);
--> statement-breakpoint
CREATE INDEX "event_dead_letters_project_idx" ON "event_dead_letters" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "events_project_position_idx" ON "events" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("type");