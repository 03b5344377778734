SELECT cc_enable_tenant_rls('event_stats');
