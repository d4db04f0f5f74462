import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { get } from '../api/client';
import { signOut } from './sign-out';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;
/** Tell the server about activity at most once a minute, so its idle timer matches this one. */
const PING_EVERY_MS = 60_000;

/** How long before the logoff the warning shows: a minute, or a fifth of a very short limit. */
export function warningLeadMs(idleMinutes: number): number {
  return Math.min(60_000, (idleMinutes * 60_000) / 5);
}

/**
 * Automatic logoff (45 CFR 164.312(a)(2)(iii)): after the practice's idle minutes without a key,
 * pointer or scroll, the session ends and the screen is cleared; a warning comes first and lets the
 * person stay signed in. The server enforces the same limit on its side.
 */
export function IdleGuard({ idleMinutes }: { idleMinutes: number }): ReactElement | null {
  const lastActivity = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const warning = useRef(false);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);

  useEffect(() => {
    const limitMs = idleMinutes * 60_000;
    const leadMs = warningLeadMs(idleMinutes);
    const onActivity = (): void => {
      // Once the warning is up, only its button keeps the session: a stray mouse move does not.
      if (warning.current) return;
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastPing.current >= PING_EVERY_MS) {
        lastPing.current = now;
        get('/api/session').catch(() => undefined);
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true });
    const timer = window.setInterval(() => {
      const idleMs = Date.now() - lastActivity.current;
      if (idleMs >= limitMs) {
        window.clearInterval(timer);
        void signOut('idle');
      } else if (idleMs >= limitMs - leadMs) {
        warning.current = true;
        setSecondsLeft(Math.ceil((limitMs - idleMs) / 1000));
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity);
    };
  }, [idleMinutes]);

  if (secondsLeft === null) return null;
  const stay = (): void => {
    warning.current = false;
    lastActivity.current = Date.now();
    lastPing.current = Date.now();
    setSecondsLeft(null);
    get('/api/session').catch(() => undefined);
  };
  return (
    <div className="cf-idle-warning">
      <Paper p="lg" shadow="md" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text">
        <Title order={2} size="h3" id="idle-title">
          Still there?
        </Title>
        <Text id="idle-text" mt="sm">
          You will be signed out in {secondsLeft} seconds because nothing happened for a while. The screen will be cleared.
        </Text>
        <Group mt="md">
          <Button onClick={stay} autoFocus>
            Stay signed in
          </Button>
          <Button variant="default" onClick={() => void signOut('user')}>
            Sign out now
          </Button>
        </Group>
      </Paper>
    </div>
  );
}
