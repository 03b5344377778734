import { Alert, Anchor, Button, Code, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { dateTime } from '../../components/format';
import { formErrorsOf } from '../../components/forms';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { ErrorState, Loading } from '../../components/states';
import { AuthLayout } from '../../layout/AuthLayout';
import { useResetPassword } from './mutations';
import { useResetLinkPreview } from './queries';

interface PasswordValues {
  password: string;
  confirm: string;
}

const FIELDS = ['password', 'confirm', 'token'] as const;
const INVALID =
  'This password reset link is not valid: it was used already, it expired, or a newer password was set. Ask an administrator for a new one.';

/** Every way a token fails (unknown, used, expired, malformed) reads the same to the person. */
function isInvalidLink(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.kind === 'password-reset-invalid' || error.status === 404 || error.status === 422)
  );
}

/**
 * Where a password reset link lands (`/reset-password?token=…`, made by an instance administrator): the person sets a
 * new password once and is signed in with it; their other sessions ended with the reset.
 */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const form = useForm<PasswordValues>({
    initialValues: { password: '', confirm: '' },
    validate: { confirm: (confirm, { password }) => (confirm === password ? null : 'The two passwords differ.') },
  });
  const [formError, setFormError] = useState<string | undefined>();
  const preview = useResetLinkPreview(token);
  const reset = useResetPassword();

  const submit = ({ password }: PasswordValues) => {
    setFormError(undefined);
    reset.mutate(
      { token, password },
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

  let body: React.ReactNode;
  if (token === '') {
    body = (
      <Text size="sm" data-testid="reset-invalid">
        Open the link you were given. It looks like <Code>/reset-password?token=…</Code>; ask an instance administrator
        for one.
      </Text>
    );
  } else if (preview.isPending) {
    body = <Loading label="Checking the link…" />;
  } else if (preview.isError) {
    body = isInvalidLink(preview.error) ? (
      <Alert color="red" variant="light" role="alert" data-testid="reset-invalid">
        {INVALID}
      </Alert>
    ) : (
      <ErrorState error={preview.error} retry={() => void preview.refetch()} />
    );
  } else {
    body = (
      <form onSubmit={form.onSubmit(submit)} noValidate data-testid="reset-password-form">
        <Stack gap="sm">
          <Text size="sm" data-testid="reset-details">
            New password for <b>{preview.data.displayName}</b> ({preview.data.email}). The link works once, until{' '}
            {dateTime(preview.data.expiresAt)}; setting the password signs you out everywhere else.
          </Text>
          <NewPasswordFields password={form.getInputProps('password')} confirm={form.getInputProps('confirm')} />
          {formError !== undefined && (
            <Alert color="red" variant="light" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={reset.isPending} fullWidth>
            Set password and sign in
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <AuthLayout title="Set a new password">
      {body}
      <Anchor component={Link} to="/login" size="sm" ta="center">
        Back to sign in
      </Anchor>
    </AuthLayout>
  );
}
