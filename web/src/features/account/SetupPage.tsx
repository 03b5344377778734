import { Alert, Anchor, Button, Code, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { login, markSetupDone } from '../../auth/session';
import { useFormErrors } from '../../components/forms';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { ErrorState, Loading } from '../../components/states';
import { AuthLayout } from '../../layout/AuthLayout';
import { createFirstAdministrator, useSetupStatus } from './api';

const FIELDS = ['displayName', 'email', 'password', 'token'] as const;

/** First run: create the instance administrator with the one-time token from the link the server printed. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const status = useSetupStatus();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const { errors, fromError, clear, setField } = useFormErrors(FIELDS);

  if (status.isPending)
    return (
      <AuthLayout title="Set up CommandCenter">
        <Loading />
      </AuthLayout>
    );
  if (status.isError)
    return (
      <AuthLayout title="Set up CommandCenter">
        <ErrorState error={status.error} retry={() => void status.refetch()} />
      </AuthLayout>
    );
  if (!status.data.setupRequired)
    return (
      <AuthLayout title="Already set up">
        <Text size="sm">This instance has its administrator.</Text>
        <Button component={Link} to="/login">
          Sign in
        </Button>
      </AuthLayout>
    );
  if (token === '')
    return (
      <AuthLayout title="Set up CommandCenter">
        <Text size="sm">
          Open the one-time link the server printed when it started. It looks like <Code>/setup?token=…</Code>; restart
          the server to print a new one.
        </Text>
      </AuthLayout>
    );

  async function submit(event: FormEvent) {
    event.preventDefault();
    clear();
    if (password !== confirm) {
      setField('confirm', 'The passwords differ');
      return;
    }
    setSubmitting(true);
    try {
      await createFirstAdministrator({ token, email, password, displayName });
      markSetupDone();
      await login(email, password);
      navigate('/', { replace: true });
    } catch (error) {
      fromError(error);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AuthLayout title="Set up CommandCenter" subtitle="Create the administrator account for this instance.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Your name"
            name="displayName"
            autoComplete="name"
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={errors.fields.displayName}
          />
          <TextInput
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.fields.email}
          />
          <NewPasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            errors={errors.fields}
            description="At least 12 characters"
          />
          {(errors.form !== undefined || errors.fields.token !== undefined) && (
            <Alert color="red" variant="light" role="alert">
              {errors.fields.token ?? errors.form}
            </Alert>
          )}
          <Button type="submit" loading={submitting} fullWidth>
            Create administrator
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            Already set up?{' '}
            <Anchor component={Link} to="/login" size="xs">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
