import { Anchor, List, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import type { SessionView } from '../api/session';
import { formatTime, Page } from '../ui/page';
import { roleLabel } from './Shell';

export function HomePage({ session }: { session: SessionView }): ReactElement {
  const active = session.memberships.filter((m) => m.status === 'active');
  return (
    <Page title="Overview">
      <Text>Signed in as {session.user.displayName}. This session signs out after {session.session.idleMinutes} minutes without activity and ends at the latest {formatTime(session.session.absoluteExpiresAt)}.</Text>
      <Text>Two-factor authentication: {session.mfa.enrolled ? 'set up' : 'not set up'}.</Text>
      {active.length > 0 && (
        <>
          <Text fw={600}>Your practices</Text>
          <List>
            {active.map((m) => (
              <List.Item key={m.practiceId}>
                {m.practiceName}: {roleLabel(m.role)}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {active.length > 1 && (
        <Anchor component={Link} to="/choose-practice">
          Choose the practice to work in
        </Anchor>
      )}
    </Page>
  );
}
