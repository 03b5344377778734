-- Row-level security for every radar table (each has project_id): tenant transactions see only their project.
SELECT cc_enable_tenant_rls('radars');
SELECT cc_enable_tenant_rls('technologies');
SELECT cc_enable_tenant_rls('technology_relations');
SELECT cc_enable_tenant_rls('blips');
SELECT cc_enable_tenant_rls('blip_history');
SELECT cc_enable_tenant_rls('radar_volumes');
SELECT cc_enable_tenant_rls('radar_volume_blips');
SELECT cc_enable_tenant_rls('radar_proposals');
SELECT cc_enable_tenant_rls('radar_proposal_comments');
SELECT cc_enable_tenant_rls('radar_imports');
