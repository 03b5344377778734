SELECT cc_enable_tenant_rls('job_records');
