import { Alert, Anchor, Button, Code, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formErrorsOf } from '../../components/forms';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { ErrorState, Loading } from '../../components/states';
import { AuthLayout } from '../../layout/AuthLayout';
import { useCreateFirstAdministrator } from './mutations';
import { useSetupStatus } from './queries';

interface AdministratorValues {
  displayName: string;
  email: string;
  password: string;
  confirm: string;
}

const FIELDS = ['displayName', 'email', 'password', 'token'] as const;

/** First run: create the instance administrator with the one-time token from the link the server printed. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const status = useSetupStatus();
  const form = useForm<AdministratorValues>({
    initialValues: { displayName: '', email: '', password: '', confirm: '' },
    validate: { confirm: (confirm, { password }) => (confirm === password ? null : 'The passwords differ') },
  });
  const [formError, setFormError] = useState<string | undefined>();
  const setup = useCreateFirstAdministrator();

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

  const submit = ({ displayName, email, password }: AdministratorValues) => {
    setFormError(undefined);
    setup.mutate(
      { token, email, password, displayName },
      {
        onSuccess: () => navigate('/', { replace: true }),
        onError: (error) => {
          const failure = formErrorsOf(error, FIELDS);
          form.setErrors(failure.fields);
          setFormError(failure.form);
        },
      },
    );
  };

  return (
    <AuthLayout title="Set up CommandCenter" subtitle="Create the administrator account for this instance.">
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Your name"
            name="displayName"
            autoComplete="name"
            required
            {...form.getInputProps('displayName')}
          />
          <TextInput
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
          />
          <NewPasswordFields
            password={form.getInputProps('password')}
            confirm={form.getInputProps('confirm')}
            description="At least 12 characters"
          />
          {(formError !== undefined || form.errors.token !== undefined) && (
            <Alert color="red" variant="light" role="alert">
              {form.errors.token ?? formError}
            </Alert>
          )}
          <Button type="submit" loading={setup.isPending} fullWidth>
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
