import { Alert, Center, Loader } from '@mantine/core';
import { useEffect, type ReactElement } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { onSessionEnded } from '../api/client';
import { plainMessage } from '../api/problems';
import { activeRole, needsMfaEnrolment, useSession, type SessionView } from '../api/session';
import { AdminSecurityEventsPage } from '../admin/AdminSecurityEventsPage';
import { PracticesPage } from '../admin/PracticesPage';
import { AcceptInvitePage } from '../auth/AcceptInvitePage';
import { ChoosePracticePage } from '../auth/ChoosePracticePage';
import { LoginPage } from '../auth/LoginPage';
import { MfaEnrolPage } from '../auth/MfaEnrolPage';
import { PasswordPage } from '../auth/PasswordPage';
import { SetupPage } from '../auth/SetupPage';
import { ChartPage } from '../chart/ChartPage';
import { CalendarPage } from '../clinical/CalendarPage';
import { ClientImportPage } from '../clinical/ClientImportPage';
import { ClientsPage } from '../clinical/ClientsPage';
import { CrisisAlertsPage } from '../clinical/CrisisAlertsPage';
import { AuditPage } from '../practice/AuditPage';
import { BreakGlassPage } from '../practice/BreakGlassPage';
import { ClientAccessPage } from '../practice/ClientAccessPage';
import { MembersPage } from '../practice/MembersPage';
import { SecurityEventsPage } from '../practice/SecurityEventsPage';
import { SettingsPage } from '../practice/SettingsPage';
import { HomePage } from './HomePage';
import { IdleGuard } from './IdleGuard';
import { Shell } from './Shell';
import { signOut } from './sign-out';

export function App(): ReactElement {
  const session = useSession();
  const signedIn = Boolean(session.data);
  // A 401 on any later call while signed in: the server ended the session (idle, revoked).
  useEffect(() => (signedIn ? onSessionEnded(() => void signOut('ended')) : undefined), [signedIn]);

  if (session.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Alert color="red" title="Confidant could not be reached" role="alert" m="xl">
        {plainMessage(session.error)}
      </Alert>
    );
  }
  const s = session.data;
  return (
    <Routes>
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/login" element={s ? <Navigate to="/" replace /> : <LoginPage />} />
      <Route path="/invite" element={<AcceptInvitePage />} />
      <Route path="*" element={s ? <SignedIn session={s} /> : <Navigate to="/login" replace />} />
    </Routes>
  );
}

function landingFor(s: SessionView): string {
  if (!s.activePractice && s.memberships.filter((m) => m.status === 'active').length > 1) return '/choose-practice';
  if (activeRole(s) === 'owner') return '/practice/members';
  if (s.user.isOperatorAdmin && !s.activePractice) return '/admin/practices';
  return '/home';
}

function SignedIn({ session }: { session: SessionView }): ReactElement {
  const location = useLocation();
  if (needsMfaEnrolment(session)) {
    return (
      <>
        <IdleGuard idleMinutes={session.session.idleMinutes} />
        {location.pathname === '/mfa/enrol' ? <MfaEnrolPage session={session} /> : <Navigate to="/mfa/enrol" replace />}
      </>
    );
  }
  const role = activeRole(session);
  const owner = role === 'owner';
  const clinical = role === 'owner' || role === 'clinician';
  // Staff keep the client list, the charts' demographics and appointments, and the calendar.
  const frontDesk = clinical || role === 'staff';
  const admin = session.user.isOperatorAdmin;
  return (
    <>
      <IdleGuard idleMinutes={session.session.idleMinutes} />
      <Routes>
        <Route path="/mfa/enrol" element={<MfaEnrolPage session={session} />} />
        <Route element={<Shell session={session} />}>
          <Route index element={<Navigate to={landingFor(session)} replace />} />
          <Route path="home" element={<HomePage session={session} />} />
          <Route path="choose-practice" element={<ChoosePracticePage session={session} />} />
          <Route path="account/password" element={<PasswordPage session={session} />} />
          {admin && <Route path="admin/practices" element={<PracticesPage />} />}
          {admin && <Route path="admin/security-events" element={<AdminSecurityEventsPage />} />}
          {owner && <Route path="practice/members" element={<MembersPage session={session} />} />}
          {owner && <Route path="practice/client-access" element={<ClientAccessPage />} />}
          {owner && <Route path="practice/settings" element={<SettingsPage />} />}
          {owner && <Route path="practice/security-events" element={<SecurityEventsPage />} />}
          {owner && <Route path="practice/break-glass" element={<BreakGlassPage />} />}
          {owner && <Route path="practice/audit" element={<AuditPage />} />}
          {frontDesk && <Route path="clinical/clients" element={<ClientsPage owner={owner} />} />}
          {owner && <Route path="clinical/clients/import" element={<ClientImportPage />} />}
          {frontDesk && <Route path="clinical/calendar" element={<CalendarPage session={session} />} />}
          {frontDesk && <Route path="clinical/clients/:clientId/*" element={<ChartPage />} />}
          {clinical && <Route path="clinical/crisis-alerts" element={<CrisisAlertsPage />} />}
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </>
  );
}
