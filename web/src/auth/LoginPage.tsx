import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { SESSION_KEY } from '../api/session';
import { ProblemAlert } from '../ui/ProblemAlert';
import { CenteredCard } from './CenteredCard';
import { signIn } from './sign-in';

const SIGNED_OUT: Record<string, string> = {
  idle: 'You were signed out because nothing happened for a while. Sign in again to continue.',
  ended: 'Your session has ended. Sign in again to continue.',
  user: 'You have signed out.',
};

/** Email and password, then (for an enrolled account) the MFA challenge: a TOTP or a recovery code. */
export function LoginPage(): ReactElement {
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [challenge, setChallenge] = useState(false);
  const login = useMutation({
    mutationFn: () => signIn({ email, password, ...(challenge ? (useRecovery ? { recoveryCode } : { code }) : {}) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SESSION_KEY }),
    onError: (err) => {
      if (err instanceof ApiError && err.slug === 'mfa-required') setChallenge(true);
    },
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    login.mutate();
  };
  const signedOut = SIGNED_OUT[params.get('signedOut') ?? ''];
  // The first mfa-required answer just asks for the code; it is not a failure to show in red.
  const showError = login.error && !(login.error instanceof ApiError && login.error.slug === 'mfa-required' && !code && !recoveryCode);
  return (
    <CenteredCard title={challenge ? 'Two-factor check' : 'Sign in'}>
      {signedOut && !login.isPending && !challenge && (
        <Alert color="blue" role="status">
          {signedOut}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {!challenge ? (
            <>
              <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
              <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            </>
          ) : useRecovery ? (
            <TextInput label="Recovery code" autoComplete="off" required value={recoveryCode} onChange={(e) => setRecoveryCode(e.currentTarget.value)} description="One of the codes you saved when you set up two-factor authentication. Each works once." />
          ) : (
            <TextInput
              label="6-digit code from your authenticator app"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
              data-autofocus
              autoFocus
            />
          )}
          {showError && <ProblemAlert error={login.error} title="Not signed in" />}
          <Button type="submit" loading={login.isPending}>
            {challenge ? 'Verify' : 'Sign in'}
          </Button>
          {challenge && (
            <Button variant="subtle" onClick={() => setUseRecovery((v) => !v)}>
              {useRecovery ? 'Use the authenticator app instead' : 'Use a recovery code instead'}
            </Button>
          )}
        </Stack>
      </form>
      <Text size="sm">
        First start of a new installation?{' '}
        <Anchor component={Link} to="/setup">
          Create the operator admin
        </Anchor>
      </Text>
    </CenteredCard>
  );
}
