import { Alert, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { NavLink, Navigate, Route, Routes, useParams } from 'react-router';
import { ApiError, get } from '../api/client';
import { activeRole, useSession } from '../api/session';
import { PsychotherapyNotesTab } from '../notes/PsychotherapyNotesTab';
import { NotesTab } from '../notes/NotesTab';
import { formatTime, usePageTitle } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { AppointmentsTab } from './AppointmentsTab';
import { AssessmentsTab } from './AssessmentsTab';
import { CrisisBanner } from './CrisisBanner';
import { CareTeamTab } from './CareTeamTab';
import { chartKey, type ClientView } from './client-view';
import { ConsentsTab } from './ConsentsTab';
import { emergencyAccessUntil } from './emergency-access';
import { NoAccess } from './NoAccess';
import { OverviewTab } from './OverviewTab';
import { RestrictionsTab } from './RestrictionsTab';
import { TreatmentPlanTab } from './TreatmentPlanTab';

/**
 * The chart's sections, in the order a clinician reads them. Paths hold the client's id, never PHI.
 * Staff (front desk) see the demographics and the appointments only; the other sections stay
 * reachable by address, where the server's refusal is shown in words.
 */
const TABS = [
  { path: 'overview', label: 'Overview', staff: true },
  { path: 'care-team', label: 'Care team', staff: true },
  { path: 'appointments', label: 'Appointments', staff: true },
  { path: 'notes', label: 'Progress notes', staff: false },
  { path: 'psychotherapy-notes', label: 'Psychotherapy notes', staff: false },
  { path: 'treatment-plan', label: 'Treatment plan', staff: false },
  { path: 'assessments', label: 'Assessments', staff: false },
  { path: 'consents', label: 'Consents', staff: false },
  { path: 'restrictions', label: 'Restrictions', staff: false },
] as const;

/**
 * One client's chart: a header with who the client is, then one section at a time. The page title
 * names the screen only, so the client's name never reaches the browser history or tab list. A
 * client out of the reader's reach gets the refusal in words and the way to emergency access.
 */
export function ChartPage(): ReactElement {
  usePageTitle('Client chart');
  const { clientId = '' } = useParams();
  const client = useQuery({ queryKey: chartKey(clientId), queryFn: () => get<ClientView>(`/api/practice/clients/${clientId}`) });
  const c = client.data;
  const refused = client.error instanceof ApiError && (client.error.status === 404 || client.error.status === 403);
  const emergencyUntil = emergencyAccessUntil(clientId);
  const session = useSession();
  const staff = session.data ? activeRole(session.data) === 'staff' : false;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {c ? c.displayName : 'Client chart'}
          </Title>
          {c && (
            <Text size="sm" c="dimmed">
              Born {c.demographics.dateOfBirth} · record <span className="cf-mono">{c.id}</span>
            </Text>
          )}
        </div>
        {c && (
          <Group gap="xs">
            {emergencyUntil && (
              <Badge variant="light" color="red">
                Emergency access
              </Badge>
            )}
            {c.minor && (
              <Badge variant="light" color="blue">
                Minor
              </Badge>
            )}
            <Badge variant="light" color={c.status === 'active' ? 'green' : 'gray'}>{c.status === 'active' ? 'Active' : `Discharged ${c.dischargedOn ?? ''}`}</Badge>
          </Group>
        )}
      </Group>
      {client.isPending && <Loader aria-label="Loading" />}
      {refused && <NoAccess clientId={clientId} />}
      {!refused && <ProblemAlert error={client.error} title="The chart could not be opened" />}
      {c && emergencyUntil && (
        <Alert color="red" variant="light" title="Emergency access" role="status">
          You opened this chart with emergency access, until {formatTime(emergencyUntil)}. Everything you read or change is recorded as emergency use and reported to the practice.
        </Alert>
      )}
      {c && !staff && <CrisisBanner clientId={c.id} />}
      {c && (
        <>
          <nav className="cf-tabs" aria-label="Client chart">
            {TABS.filter((t) => t.staff || !staff).map((t) => (
              <NavLink key={t.path} to={`/clinical/clients/${c.id}/${t.path}`}>
                {t.label}
              </NavLink>
            ))}
          </nav>
          <Routes>
            <Route index element={<Navigate to="overview" replace />} />
            <Route path="overview" element={<OverviewTab client={c} />} />
            <Route path="care-team" element={<CareTeamTab client={c} />} />
            <Route path="appointments" element={<AppointmentsTab client={c} />} />
            <Route path="notes/*" element={<NotesTab client={c} />} />
            <Route path="psychotherapy-notes/*" element={<PsychotherapyNotesTab client={c} />} />
            <Route path="treatment-plan" element={<TreatmentPlanTab client={c} />} />
            <Route path="assessments" element={<AssessmentsTab client={c} />} />
            <Route path="consents" element={<ConsentsTab client={c} />} />
            <Route path="restrictions" element={<RestrictionsTab client={c} />} />
            <Route path="*" element={<Navigate to="overview" replace />} />
          </Routes>
        </>
      )}
    </Stack>
  );
}
