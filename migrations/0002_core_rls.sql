SELECT cc_enable_tenant_rls('memberships');
SELECT cc_enable_tenant_rls('api_keys');
SELECT cc_enable_tenant_rls('audit_log');

-- projects is keyed by id rather than project_id: the same isolation, written out.
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON projects TO cc_app
  USING (id = nullif(current_setting('app.project_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.project_id', true), '')::uuid);
CREATE POLICY system_access ON projects TO cc_system USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE ON projects TO cc_app;

-- Tenant work lists members with their names; it never reads password hashes.
GRANT SELECT (id, email, display_name, disabled, is_admin, created_at, updated_at) ON users TO cc_app;

REVOKE UPDATE, DELETE ON audit_log FROM cc_app, cc_system;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();
