import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api/client';
import { SESSION_KEY } from '../api/session';
import { ProblemAlert } from '../ui/ProblemAlert';
import { CenteredCard } from './CenteredCard';
import { signIn } from './sign-in';

/** First run: the operator admin, with the one-time setup token printed by `confidant start`. */
export function SetupPage(): ReactElement {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [setupToken, setSetupToken] = useState('');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const setup = useMutation({
    mutationFn: async () => {
      await api('POST', '/api/setup/admin', { setupToken: setupToken.trim(), email, displayName, password });
      try {
        await signIn({ email, password });
        return true;
      } catch {
        return false; // the admin exists; the sign-in screen takes it from here
      }
    },
    onSuccess: async (signedIn) => {
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      await navigate(signedIn ? '/mfa/enrol' : '/login');
    },
  });
  const err = setup.error instanceof ApiError ? setup.error : null;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setup.mutate();
  };
  return (
    <CenteredCard title="Set up Confidant">
      <Text size="sm">Create the first operator admin. The setup token was printed once by the server at its first start.</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Setup token" autoComplete="off" required value={setupToken} onChange={(e) => setSetupToken(e.currentTarget.value)} error={err?.fieldMessage('setupToken')} />
          <TextInput label="Your email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={err?.fieldMessage('email')} />
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
          <ProblemAlert error={setup.error} title="The admin was not created" />
          <Button type="submit" loading={setup.isPending}>
            Create the operator admin
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
