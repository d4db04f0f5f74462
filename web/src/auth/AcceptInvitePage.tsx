import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api/client';
import { SESSION_KEY } from '../api/session';
import { ProblemAlert } from '../ui/ProblemAlert';
import { CenteredCard } from './CenteredCard';
import { signIn } from './sign-in';

/** The token travels in the link's fragment (#...), which browsers never send to a server or a referrer. */
function takeTokenFromFragment(): string {
  const token = window.location.hash.replace(/^#/, '');
  // Out of the address bar and history at once: the token is a credential until used.
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

/** Accepting an invitation: the invited email, a name and a password; then MFA enrolment. */
export function AcceptInvitePage(): ReactElement {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [token, setToken] = useState(takeTokenFromFragment);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: async () => {
      await api('POST', '/api/invitations/accept', { token: token.trim(), email, displayName, password }, { authAttempt: true });
      await signIn({ email, password });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      await navigate('/');
    },
  });
  const err = accept.error instanceof ApiError ? accept.error : null;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    accept.mutate();
  };
  return (
    <CenteredCard title="Accept your invitation">
      {!token && (
        <Alert color="yellow" role="status">
          Open the link from your invitation, or paste the invitation code below.
        </Alert>
      )}
      <Text size="sm">Use the email address the invitation was sent to. If you already have a Confidant account, enter its current password.</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {!token || err?.slug === 'invitation-invalid' || err?.fieldMessage('token') ? (
            <TextInput label="Invitation code" autoComplete="off" required value={token} onChange={(e) => setToken(e.currentTarget.value)} error={err?.fieldMessage('token')} />
          ) : null}
          <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={err?.fieldMessage('email')} />
          <TextInput label="Your name" autoComplete="name" required value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={err?.fieldMessage('displayName')} />
          <PasswordInput
            label="Password"
            description="At least 12 characters; not a common or guessable password."
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={err?.fieldMessage('password')}
          />
          <ProblemAlert error={accept.error} title="The invitation was not accepted" />
          <Button type="submit" loading={accept.isPending}>
            Join the practice
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
