import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { PROJECT_ROLES, type ProjectRole } from '../../api/types';
import type { FormErrors } from '../../components/forms';

/**
 * The shape both ways of bringing someone into a project share: an email and a role (owner only for owners), any
 * extra inputs beside them, the form-level problem and the submit button. What submitting does is the caller's.
 */
export function EmailRoleForm(props: {
  testId: string;
  title: string;
  hint: string;
  submitLabel: string;
  pending: boolean;
  email: string;
  onEmail(email: string): void;
  role: ProjectRole;
  onRole(role: ProjectRole): void;
  canGrantOwner: boolean;
  errors: FormErrors;
  onSubmit(): void;
  extra?: ReactNode;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSubmit();
  }
  return (
    <form onSubmit={submit} noValidate data-testid={props.testId}>
      <Stack gap="sm">
        <div>
          <Text fw={600}>{props.title}</Text>
          <Text size="xs" c="dimmed">
            {props.hint}
          </Text>
        </div>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Email"
            name="email"
            type="email"
            placeholder="person@example.com"
            required
            value={props.email}
            onChange={(event) => props.onEmail(event.currentTarget.value)}
            error={props.errors.fields.email}
            style={{ flex: '1 1 240px' }}
          />
          <Select
            label="Role"
            name="role"
            data={PROJECT_ROLES.filter((role) => props.canGrantOwner || role !== 'owner').map((role) => ({
              value: role,
              label: role,
            }))}
            value={props.role}
            onChange={(value) => value !== null && props.onRole(value as ProjectRole)}
            allowDeselect={false}
            error={props.errors.fields.role}
            w={130}
          />
          {props.extra}
        </Group>
        {props.errors.form !== undefined && (
          <Alert color="red" variant="light" role="alert">
            {props.errors.form}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={props.pending}>
            {props.submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
