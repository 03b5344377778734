-- Row-level security for every research table (each has project_id). Their tables were created by
-- 0011_radar_schema (generated while both modules' tables.ts files existed); this migration is research's own.
SELECT cc_enable_tenant_rls('research_tasks');
SELECT cc_enable_tenant_rls('research_task_technologies');
SELECT cc_enable_tenant_rls('research_task_comments');
SELECT cc_enable_tenant_rls('research_attachments');
