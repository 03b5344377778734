CREATE TABLE "event_stats" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"type" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "event_stats_project_id_day_type_pk" PRIMARY KEY("project_id","day","type")
);
