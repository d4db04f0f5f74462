import { Button, Group, NativeSelect, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { NavLink, Outlet } from 'react-router';
import { activeRole, type SessionView } from '../api/session';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useChoosePractice } from './choose-practice';
import { signOut } from './sign-out';

const ROLE_LABEL: Record<string, string> = { owner: 'Owner', clinician: 'Clinician', staff: 'Staff', compliance: 'Compliance', client: 'Client', researcher: 'Researcher' };

export function roleLabel(role: string | null | undefined): string {
  return role ? (ROLE_LABEL[role] ?? role) : '';
}

function PracticeSwitcher({ session }: { session: SessionView }): ReactElement | null {
  const choose = useChoosePractice();
  const active = session.memberships.filter((m) => m.status === 'active');
  if (active.length < 2) return null;
  return (
    <div>
      <NativeSelect
        label="Practice"
        size="xs"
        value={session.activePractice?.id ?? ''}
        onChange={(e) => e.currentTarget.value && choose.mutate(e.currentTarget.value)}
        data={[{ value: '', label: 'Choose a practice', disabled: true }, ...active.map((m) => ({ value: m.practiceId, label: `${m.practiceName} (${roleLabel(m.role)})` }))]}
      />
      <ProblemAlert error={choose.error} />
    </div>
  );
}

/** The frame of every signed-in screen: navigation by role, practice switcher, sign-out. */
export function Shell({ session }: { session: SessionView }): ReactElement {
  const role = activeRole(session);
  const practice = session.memberships.find((m) => m.practiceId === session.activePractice?.id);
  return (
    <div className="cf-shell">
      <a href="#main" className="cf-skip">
        Skip to content
      </a>
      <nav className="cf-nav" aria-label="Main">
        <Text fw={700} size="lg" mb="sm">
          Confidant
        </Text>
        {session.user.isOperatorAdmin && (
          <>
            <h2>Installation</h2>
            <NavLink to="/admin/practices">Practices</NavLink>
            <NavLink to="/admin/security-events">Security events</NavLink>
          </>
        )}
        {role === 'owner' && (
          <>
            <h2>Practice</h2>
            <NavLink to="/practice/members">Members</NavLink>
            <NavLink to="/practice/client-access">Client access</NavLink>
            <NavLink to="/practice/settings">Settings</NavLink>
            <NavLink to="/practice/security-events">Security events</NavLink>
            <NavLink to="/practice/break-glass">Break-glass report</NavLink>
            <NavLink to="/practice/audit">Audit log</NavLink>
          </>
        )}
        {(role === 'owner' || role === 'clinician') && (
          <>
            <h2>Clinical</h2>
            <NavLink to="/clinical/clients">Clients</NavLink>
            <NavLink to="/clinical/calendar">Calendar</NavLink>
            <NavLink to="/clinical/crisis-alerts">Crisis alerts</NavLink>
          </>
        )}
        {role === 'staff' && (
          <>
            <h2>Front desk</h2>
            <NavLink to="/clinical/clients">Clients</NavLink>
            <NavLink to="/clinical/calendar">Calendar</NavLink>
          </>
        )}
        <h2>Account</h2>
        <NavLink to="/home">Overview</NavLink>
        <NavLink to="/account/password">Password</NavLink>
      </nav>
      <div className="cf-main">
        <header className="cf-header">
          <Text size="sm">
            {practice ? `${practice.practiceName} · ${roleLabel(practice.role)}` : session.user.isOperatorAdmin ? 'Operator admin' : 'No practice chosen'}
          </Text>
          <Group gap="sm" align="flex-end">
            <PracticeSwitcher session={session} />
            <Text size="sm">{session.user.displayName}</Text>
            <Button variant="default" size="xs" onClick={() => void signOut('user')}>
              Sign out
            </Button>
          </Group>
        </header>
        <main id="main" className="cf-content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
