import { Badge } from '@mantine/core';
import type { JobStatus } from '../api/types';

const ROLE_COLORS: Record<string, string> = { owner: 'grape', admin: 'blue', member: 'teal', viewer: 'gray' };

export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge color={ROLE_COLORS[role] ?? 'gray'} variant="light" tt="none">
      {role}
    </Badge>
  );
}

const STATUS_COLORS: Record<JobStatus, string> = {
  pending: 'gray',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'orange',
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant={status === 'running' ? 'filled' : 'light'} tt="none">
      {status}
    </Badge>
  );
}
