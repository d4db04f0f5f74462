import { Alert, Button, Code, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState, type FormEvent, type ReactElement } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api/client';
import { SESSION_KEY, type SessionView } from '../api/session';
import { ProblemAlert } from '../ui/ProblemAlert';
import { CenteredCard } from './CenteredCard';

interface Enrolment {
  otpauthUri: string;
  secret: string;
  qr: string;
}

/** Groups the base32 key in fours so it can be typed by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * TOTP enrolment: password again, then the QR code (drawn in the browser from the otpauth URI, so
 * it never leaves this page) and the manual key, a first code to confirm, and the recovery codes,
 * shown once.
 */
export function MfaEnrolPage({ session }: { session: SessionView }): ReactElement {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [currentCode, setCurrentCode] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  const start = useMutation({
    mutationFn: async () => {
      const r = await api<{ otpauthUri: string; secret: string; qrData: string }>('POST', '/api/auth/mfa/totp/enrol', {
        currentPassword: password,
        ...(session.mfa.enrolled ? { code: currentCode } : {}),
      });
      const qr = await QRCode.toDataURL(r.qrData, { errorCorrectionLevel: 'M', margin: 2, width: 192 });
      return { otpauthUri: r.otpauthUri, secret: r.secret, qr };
    },
    onSuccess: (e) => {
      setEnrolment(e);
      setPassword('');
    },
  });
  const confirm = useMutation({
    mutationFn: () => api<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/totp/confirm', { code }),
    onSuccess: (r) => {
      // The secret is not needed any more; the codes stay on screen until the person says they kept them.
      setEnrolment(null);
      setRecoveryCodes(r.recoveryCodes);
    },
  });
  const done = async (): Promise<void> => {
    setRecoveryCodes(null);
    await qc.invalidateQueries({ queryKey: SESSION_KEY });
    await navigate('/');
  };

  if (recoveryCodes) {
    return (
      <CenteredCard title="Save your recovery codes">
        <Alert color="yellow" role="status">
          Two-factor authentication is on. Each code below signs you in once if you lose your phone. They are shown only now: print them or keep them in a password manager.
        </Alert>
        <ol className="cf-codes" aria-label="Recovery codes">
          {recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
        <Button onClick={() => void done()}>I have saved these codes</Button>
      </CenteredCard>
    );
  }

  if (enrolment) {
    const err = confirm.error instanceof ApiError ? confirm.error : null;
    return (
      <CenteredCard title="Scan the QR code">
        <Text size="sm">Scan this code with an authenticator app (such as FreeOTP, Aegis or Google Authenticator), then enter the 6-digit code it shows.</Text>
        <img className="cf-qr" src={enrolment.qr} alt="QR code to add Confidant to your authenticator app" />
        <Text size="sm">Cannot scan? Enter this key by hand (time-based, 6 digits, 30 seconds):</Text>
        <Code block aria-label="Manual key" data-testid="manual-key">
          {grouped(enrolment.secret)}
        </Code>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            confirm.mutate();
          }}
          noValidate
        >
          <Stack gap="sm">
            <TextInput
              label="6-digit code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
              error={err?.fieldMessage('code')}
            />
            <ProblemAlert error={confirm.error} title="Not confirmed" />
            <Button type="submit" loading={confirm.isPending}>
              Confirm
            </Button>
          </Stack>
        </form>
      </CenteredCard>
    );
  }

  return (
    <CenteredCard title="Set up two-factor authentication">
      <Text size="sm">
        {session.mfa.required && !session.mfa.enrolled
          ? 'Your role needs a second factor before you can continue: an authenticator app on your phone.'
          : 'Replace the authenticator app linked to your account.'}
      </Text>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          start.mutate();
        }}
        noValidate
      >
        <Stack gap="sm">
          <PasswordInput label="Your current password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {session.mfa.enrolled && (
            <TextInput label="Code from your current authenticator" inputMode="numeric" maxLength={6} required value={currentCode} onChange={(e) => setCurrentCode(e.currentTarget.value.replace(/\D/g, ''))} />
          )}
          <ProblemAlert error={start.error} title="Could not start" />
          <Button type="submit" loading={start.isPending}>
            Continue
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
