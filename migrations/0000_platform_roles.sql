-- Roles the application switches to inside each transaction (set_config('role', ...)):
--   cc_app     tenant work; Row-Level Security confines it to current_setting('app.project_id')
--   cc_system  instance work (identity, credential look-up, admin views, maintenance); RLS lets it see all projects
-- Neither can log in. The migrating user must be a member of both so it can switch to them.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cc_app') THEN
    BEGIN CREATE ROLE cc_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cc_system') THEN
    BEGIN CREATE ROLE cc_system NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  END IF;
  IF NOT pg_has_role(current_user, 'cc_app', 'MEMBER') THEN EXECUTE format('GRANT cc_app TO %I', current_user); END IF;
  IF NOT pg_has_role(current_user, 'cc_system', 'MEMBER') THEN EXECUTE format('GRANT cc_system TO %I', current_user); END IF;
END $$;

-- pgvector is optional on an external PostgreSQL (the knowledge base falls back to keyword search without it).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO cc_app, cc_system;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cc_system;

-- Every table with a project_id goes through this: RLS enabled AND forced (so the table owner is bound too),
-- cc_app sees only the scoped project, cc_system sees all. A test fails if any project_id table misses it.
CREATE OR REPLACE FUNCTION cc_enable_tenant_rls(target regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s TO cc_app '
    'USING (project_id = nullif(current_setting(''app.project_id'', true), '''')::uuid) '
    'WITH CHECK (project_id = nullif(current_setting(''app.project_id'', true), '''')::uuid)', target);
  EXECUTE format('CREATE POLICY system_access ON %s TO cc_system USING (true) WITH CHECK (true)', target);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO cc_app', target);
END $$;

CREATE OR REPLACE FUNCTION cc_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
