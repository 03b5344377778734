CREATE TABLE "event_outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	"id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"subject" text NOT NULL,
	"time" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb NOT NULL,
	"actor" text,
	"correlation_id" text
);
--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "position" SET DATA TYPE bigint;--> statement-breakpoint
-- Positions are given by cc_sequence_events() only (ADR 0040).
ALTER TABLE "events" ALTER COLUMN "position" DROP DEFAULT;
DROP SEQUENCE IF EXISTS events_position_seq;
SELECT cc_enable_tenant_rls('event_outbox');
GRANT USAGE ON SEQUENCE event_outbox_seq_seq TO cc_app, cc_system;

-- The sequencer: moves the events of committed transactions from the outbox into the log, numbering them after the
-- log's last position, one transaction's events together and transactions in the order their first event was
-- written; announces the new positions on cc_events. The advisory lock lets one sequencer run at a time, so
-- positions are gap-free and a later call numbers after an earlier one. Each statement of this (volatile) function
-- reads a fresh snapshot taken after the lock, so it sees what the previous holder committed.
-- SECURITY DEFINER: a tenant transaction calls it to read its own writes (the log read sequences first), yet the
-- move spans every project. The owner (the migrating user) is a member of cc_system and passes its RLS policy.
CREATE OR REPLACE FUNCTION cc_sequence_events() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  moved integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM event_outbox) THEN
    RETURN 0;
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'cc_sequence_events() needs READ COMMITTED (it must see commits made while it waited)';
  END IF;
  PERFORM pg_advisory_xact_lock(4242003);
  WITH pending AS (
    DELETE FROM event_outbox RETURNING *
  ), ordered AS (
    SELECT pending.*, min(seq) OVER (PARTITION BY transaction_id) AS first_seq FROM pending
  )
  INSERT INTO events (position, id, project_id, type, version, subject, time, data, actor, correlation_id)
  SELECT (SELECT coalesce(max(position), 0) FROM events) + row_number() OVER (ORDER BY first_seq, seq),
         id, project_id, type, version, subject, time, data, actor, correlation_id
    FROM ordered;
  GET DIAGNOSTICS moved = ROW_COUNT;
  IF moved > 0 THEN
    PERFORM pg_notify('cc_events', '');
  END IF;
  RETURN moved;
END $$;
REVOKE ALL ON FUNCTION cc_sequence_events() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cc_sequence_events() TO cc_app, cc_system;
