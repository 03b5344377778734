import { Alert, Anchor, Button, Code, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keys } from '../../api/keys';
import { ApiError, describeError } from '../../api/problem';
import type { paths } from '../../api/schema';
import { login, logout } from '../../auth/session';
import { useAuth } from '../../auth/useAuth';
import { RoleBadge } from '../../components/badges';
import { dateTime } from '../../components/format';
import { formErrorsOf } from '../../components/forms';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { ErrorState, Loading } from '../../components/states';
import { AuthLayout } from '../../layout/AuthLayout';
import { useAcceptInvitation, useAcceptInvitationWithNewAccount } from './mutations';
import { useInvitationPreview } from './queries';

type Preview = paths['/api/v1/invitations/preview']['post']['responses'][200]['content']['application/json'];
type Accepted = paths['/api/v1/invitations/accept']['post']['responses'][200]['content']['application/json'];

interface AccountValues {
  displayName: string;
  password: string;
  confirm: string;
}

const FIELDS = ['displayName', 'password', 'confirm', 'token'] as const;
const INVALID = 'This invitation link is not valid: used, withdrawn or expired; ask for a new one.';

/** Every way a token fails (unknown, used, withdrawn, expired, malformed) reads the same to the person. */
function isInvalidLink(error: unknown): boolean {
  return (
    error instanceof ApiError && (error.kind === 'invitation-invalid' || error.status === 404 || error.status === 422)
  );
}

/** Sign in and come back here: LoginPage follows a same-site `next` path after signing in. */
function signInPath(token: string): string {
  return `/login?next=${encodeURIComponent(`/invite?token=${encodeURIComponent(token)}`)}`;
}

function InvitationDetails({ preview }: { preview: Preview }) {
  return (
    <Table variant="vertical" withTableBorder={false} verticalSpacing={4} data-testid="invitation-details">
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={90}>Project</Table.Th>
          <Table.Td>
            <Text size="sm" fw={600}>
              {preview.projectName}
            </Text>
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Role</Table.Th>
          <Table.Td>
            <RoleBadge role={preview.role} />
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>For</Table.Th>
          <Table.Td>
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              {preview.email}
            </Text>
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Expires</Table.Th>
          <Table.Td>
            <Text size="sm">{dateTime(preview.expiresAt)}</Text>
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** Signed in as the invited email: one click joins. */
function JoinAsSignedIn({
  token,
  preview,
  onAccepted,
}: {
  token: string;
  preview: Preview;
  onAccepted: (accepted: Accepted) => void;
}) {
  const accept = useAcceptInvitation();
  const error = accept.error;
  const join = () => accept.mutate(token, { onSuccess: onAccepted });
  const alreadyMember = error instanceof ApiError && error.kind === 'already-member';
  return (
    <Stack gap="sm">
      {error !== null && (
        <Alert color={alreadyMember ? 'yellow' : 'red'} variant="light" role="alert">
          {isInvalidLink(error) ? INVALID : describeError(error)}
          {alreadyMember && (
            <>
              {' '}
              <Anchor component={Link} to={`/projects/${preview.projectId}`} size="sm">
                Open the project
              </Anchor>
            </>
          )}
        </Alert>
      )}
      <Button onClick={join} loading={accept.isPending} fullWidth data-testid="join-project">
        Join {preview.projectName} as {preview.role}
      </Button>
    </Stack>
  );
}

/** Not signed in: the invitee creates the account for the invited email, then is signed in with it. */
function CreateAccountForm({
  token,
  preview,
  onAccepted,
}: {
  token: string;
  preview: Preview;
  onAccepted: (accepted: Accepted, password: string) => Promise<void>;
}) {
  const form = useForm<AccountValues>({
    initialValues: { displayName: '', password: '', confirm: '' },
    validate: { confirm: (confirm, { password }) => (confirm === password ? null : 'The passwords differ') },
  });
  const [formError, setFormError] = useState<string | undefined>();
  const [accountExists, setAccountExists] = useState(false);
  const accept = useAcceptInvitationWithNewAccount();

  const submit = ({ displayName, password }: AccountValues) => {
    setFormError(undefined);
    setAccountExists(false);
    accept.mutate(
      { token, displayName: displayName.trim(), password },
      {
        onSuccess: (accepted) => void onAccepted(accepted, password),
        onError: (error) => {
          if (error instanceof ApiError && error.kind === 'account-exists') return setAccountExists(true);
          const failure = formErrorsOf(error, FIELDS);
          form.setErrors(failure.fields);
          setFormError(failure.form);
        },
      },
    );
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate data-testid="accept-invitation-form">
      <Stack gap="sm">
        <TextInput
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          value={preview.email}
          readOnly
          variant="filled"
          description="The invitation is for this address"
        />
        <TextInput
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          autoFocus
          {...form.getInputProps('displayName')}
        />
        <NewPasswordFields password={form.getInputProps('password')} confirm={form.getInputProps('confirm')} />
        {accountExists && (
          <Alert color="yellow" variant="light" role="alert" data-testid="account-exists">
            An account with this email exists: sign in to accept.{' '}
            <Anchor component={Link} to={signInPath(token)} size="sm">
              Sign in
            </Anchor>
          </Alert>
        )}
        {(formError !== undefined || form.errors.token !== undefined) && (
          <Alert color="red" variant="light" role="alert">
            {form.errors.token !== undefined ? INVALID : formError}
          </Alert>
        )}
        <Button type="submit" loading={accept.isPending || accept.isSuccess} fullWidth>
          Create account and join
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          <Anchor component={Link} to={signInPath(token)} size="xs" data-testid="invite-sign-in">
            I already have an account — sign in
          </Anchor>
          <br />
          You come back to this page after signing in.
        </Text>
      </Stack>
    </form>
  );
}

/**
 * /invite?token=…: what the link opens (project, role, email, expiry), then joining: with one click when signed in
 * as the invited email, or by creating the account for it. The token travels only in request bodies.
 */
export function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const auth = useAuth();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [opening, setOpening] = useState(false);
  const [signInFailed, setSignInFailed] = useState<unknown>(null);
  const preview = useInvitationPreview(token);

  async function enter(accepted: Accepted) {
    await client.invalidateQueries({ queryKey: keys.projects() });
    client.removeQueries({ queryKey: ['project', accepted.projectId] });
    navigate(`/projects/${accepted.projectId}`, { replace: true });
  }

  async function acceptedWithNewAccount(accepted: Accepted, email: string, password: string) {
    setOpening(true);
    try {
      await login(email, password);
    } catch (error) {
      setSignInFailed(error);
      return;
    }
    await enter(accepted);
  }

  if (token === '')
    return (
      <AuthLayout title="Invitation">
        <Text size="sm">
          Open the link you were sent. It looks like <Code>/invite?token=…</Code>; ask a project administrator for one.
        </Text>
      </AuthLayout>
    );
  if (signInFailed !== null)
    return (
      <AuthLayout title="Account created">
        <Alert color="yellow" variant="light" role="alert">
          You joined the project, but signing in did not work ({describeError(signInFailed)}). Sign in with your email
          and password.
        </Alert>
        <Button component={Link} to="/login">
          Sign in
        </Button>
      </AuthLayout>
    );
  if (opening)
    return (
      <AuthLayout title="Invitation accepted">
        <Loading label="Opening the project…" />
      </AuthLayout>
    );
  if (auth.status === 'loading' || preview.isPending)
    return (
      <AuthLayout title="Invitation">
        <Loading label="Reading the invitation…" />
      </AuthLayout>
    );
  if (preview.isError)
    return (
      <AuthLayout title="Invitation">
        {isInvalidLink(preview.error) ? (
          <Alert color="red" variant="light" role="alert" data-testid="invitation-invalid">
            {INVALID}
          </Alert>
        ) : (
          <ErrorState error={preview.error} retry={() => void preview.refetch()} />
        )}
        <Text size="xs" c="dimmed" ta="center">
          <Anchor component={Link} to="/" size="xs">
            Go to CommandCenter
          </Anchor>
        </Text>
      </AuthLayout>
    );

  const invitation = preview.data;
  const subtitle = 'You are invited to this project:';

  if (auth.status === 'authenticated') {
    const sameEmail = auth.user.email.toLowerCase() === invitation.email.toLowerCase();
    return (
      <AuthLayout title={`Join ${invitation.projectName}`} subtitle={subtitle}>
        <InvitationDetails preview={invitation} />
        {sameEmail ? (
          <JoinAsSignedIn
            token={token}
            preview={invitation}
            onAccepted={(accepted) => {
              setOpening(true);
              void enter(accepted);
            }}
          />
        ) : (
          <Stack gap="sm">
            <Alert color="yellow" variant="light" data-testid="wrong-account">
              You are signed in as <b>{auth.user.email}</b>, but this invitation is for <b>{invitation.email}</b>. Sign
              out, then sign in with that email or create its account here.
            </Alert>
            <Group grow>
              <Button
                variant="default"
                onClick={() =>
                  void logout().then(() =>
                    // Keep the invitation's preview; drop what the previous account could read.
                    client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'invitation-preview' }),
                  )
                }
              >
                Sign out
              </Button>
              <Button component={Link} to="/" variant="subtle">
                Not now
              </Button>
            </Group>
          </Stack>
        )}
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={`Join ${invitation.projectName}`} subtitle={subtitle}>
      <InvitationDetails preview={invitation} />
      <Text size="sm">Create your account to accept:</Text>
      <CreateAccountForm
        token={token}
        preview={invitation}
        onAccepted={(accepted, password) => acceptedWithNewAccount(accepted, invitation.email, password)}
      />
    </AuthLayout>
  );
}
