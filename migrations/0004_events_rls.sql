SELECT cc_enable_tenant_rls('events');
SELECT cc_enable_tenant_rls('processed_events');
SELECT cc_enable_tenant_rls('event_dead_letters');
-- The log is append-only like the audit log: events are facts.
REVOKE UPDATE, DELETE ON events FROM cc_app, cc_system;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();
GRANT USAGE ON SEQUENCE events_position_seq TO cc_app, cc_system;
