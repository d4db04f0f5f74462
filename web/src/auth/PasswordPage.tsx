import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError } from '../api/client';
import type { SessionView } from '../api/session';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

/** Password change: the current password and a TOTP code; the server ends the other sessions. */
export function PasswordPage({ session }: { session: SessionView }): ReactElement {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [code, setCode] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => api('POST', '/api/auth/password', { currentPassword, newPassword, ...(code ? { code } : {}) }),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setRepeat('');
      setCode('');
    },
  });
  const err = change.error instanceof ApiError ? change.error : null;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setMismatch(newPassword !== repeat);
    if (newPassword === repeat) change.mutate();
  };
  return (
    <Page title="Change password">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          <PasswordInput label="Current password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrentPassword(e.currentTarget.value)} error={err?.fieldMessage('currentPassword')} />
          <PasswordInput label="New password" description="At least 12 characters; not a common or guessable password." autoComplete="new-password" required value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} error={err?.fieldMessage('newPassword')} />
          <PasswordInput label="New password again" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? 'The two new passwords differ.' : undefined} />
          {session.mfa.enrolled && (
            <TextInput label="6-digit code from your authenticator app" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required value={code} onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))} error={err?.fieldMessage('code')} />
          )}
          <ProblemAlert error={change.error} title="The password was not changed" />
          {change.isSuccess && (
            <Alert color="green" role="status">
              Password changed. Your other sessions were signed out.
            </Alert>
          )}
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
