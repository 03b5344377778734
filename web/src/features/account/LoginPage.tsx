import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { login } from '../../auth/session';
import { useAuth } from '../../auth/useAuth';
import { useFormErrors } from '../../components/forms';
import { AuthLayout } from '../../layout/AuthLayout';

const FIELDS = ['email', 'password'] as const;

/** Only same-site paths are followed after sign-in: no open redirect through `//host` or `/\\host`. */
function safeNext(next: string | null): string {
  return next !== null && /^\/(?![/\\])/.test(next) ? next : '/';
}

export function LoginPage() {
  const auth = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const { errors, fromError, clear } = useFormErrors(FIELDS);
  const next = safeNext(params.get('next'));

  if (auth.status === 'authenticated' && !submitting) return <Navigate to={next} replace />;
  if (auth.status === 'anonymous' && auth.setupRequired) return <Navigate to="/setup" replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    clear();
    setSubmitting(true);
    try {
      await login(email, password);
      navigate(next, { replace: true });
    } catch (error) {
      fromError(error);
      setSubmitting(false);
    }
  }

  const expired = auth.status === 'anonymous' && auth.reason === 'expired' && params.has('next');
  return (
    <AuthLayout title="Sign in">
      {expired && (
        <Alert color="yellow" variant="light">
          Your session ended; sign in again to continue.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.fields.email}
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.fields.password}
          />
          {errors.form !== undefined && (
            <Alert color="red" variant="light" role="alert">
              {errors.form}
            </Alert>
          )}
          <Button type="submit" loading={submitting} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
