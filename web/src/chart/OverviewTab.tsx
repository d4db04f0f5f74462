import { Alert, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError } from '../api/client';
import { ProblemAlert } from '../ui/ProblemAlert';
import { chartKey, type ChartTabProps, type ClientView, type ContactPreferences } from './client-view';

/** Demographic fields in the order of a paper intake form; the three required ones first. */
const FIELDS: { name: string; label: string; type?: string; required?: boolean; description?: string }[] = [
  { name: 'legalFirstName', label: 'Legal first name', required: true },
  { name: 'legalLastName', label: 'Legal last name', required: true },
  { name: 'dateOfBirth', label: 'Date of birth', type: 'date', required: true },
  { name: 'preferredName', label: 'Preferred name' },
  { name: 'pronouns', label: 'Pronouns' },
  { name: 'email', label: 'Email', type: 'email' },
  { name: 'phone', label: 'Phone', type: 'tel', description: 'US numbers as typed; others with + and the country code' },
  { name: 'addressLine1', label: 'Address line 1' },
  { name: 'addressLine2', label: 'Address line 2' },
  { name: 'city', label: 'City' },
  { name: 'region', label: 'State or region' },
  { name: 'postalCode', label: 'Postal code' },
  { name: 'emergencyContactName', label: 'Emergency contact' },
  { name: 'emergencyContactPhone', label: 'Emergency contact phone', type: 'tel' },
  { name: 'guardianName', label: 'Guardian', description: 'Required for a client under 18' },
  { name: 'guardianPhone', label: 'Guardian phone', type: 'tel' },
];
const REQUIRED = new Set(FIELDS.filter((f) => f.required).map((f) => f.name));

const CHANNELS = [
  { value: '', label: 'No preference' },
  { value: 'phone', label: 'Phone' },
  { value: 'text', label: 'Text message' },
  { value: 'email', label: 'Email' },
  { value: 'mail', label: 'Mail' },
];
const PERMISSIONS: { key: Exclude<keyof ContactPreferences, 'preferredChannel'>; label: string }[] = [
  { key: 'okToLeaveVoicemail', label: 'May leave a voicemail' },
  { key: 'okToText', label: 'May send text messages' },
  { key: 'okToEmail', label: 'May email' },
  { key: 'okToMail', label: 'May send mail' },
];
const DISCHARGE_REASONS = [
  { value: 'treatment_completed', label: 'Treatment completed' },
  { value: 'client_request', label: 'At the client’s request' },
  { value: 'referred_out', label: 'Referred elsewhere' },
  { value: 'no_contact', label: 'No contact' },
  { value: 'moved', label: 'Moved away' },
  { value: 'deceased', label: 'Deceased' },
  { value: 'other', label: 'Other' },
];
export const dischargeReasonLabel = (code: string | null): string => DISCHARGE_REASONS.find((r) => r.value === code)?.label ?? code ?? '';

const valuesOf = (c: ClientView): Record<string, string> => Object.fromEntries(FIELDS.map((f) => [f.name, typeof c.demographics[f.name] === 'string' ? (c.demographics[f.name] as string) : '']));
const prefsOf = (c: ClientView): ContactPreferences => ({
  preferredChannel: c.contactPreferences.preferredChannel ?? null,
  okToLeaveVoicemail: c.contactPreferences.okToLeaveVoicemail ?? false,
  okToText: c.contactPreferences.okToText ?? false,
  okToEmail: c.contactPreferences.okToEmail ?? false,
  okToMail: c.contactPreferences.okToMail ?? false,
});

/**
 * Demographics and contact preferences, edited in place. Only changed fields are sent; an emptied
 * optional field is cleared (null). A refusal names each field beside it and keeps what was typed.
 */
function DemographicsForm({ client }: ChartTabProps): ReactElement {
  const qc = useQueryClient();
  const [saved, setSaved] = useState(() => ({ values: valuesOf(client), prefs: prefsOf(client) }));
  const [values, setValues] = useState(saved.values);
  const [prefs, setPrefs] = useState(saved.prefs);
  const patch = (): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    for (const f of FIELDS) {
      const now = (values[f.name] ?? '').trim();
      if (now === (saved.values[f.name] ?? '')) continue;
      body[f.name] = now === '' && !REQUIRED.has(f.name) ? null : now;
    }
    const changedPrefs = Object.fromEntries(Object.entries(prefs).filter(([k, v]) => saved.prefs[k as keyof ContactPreferences] !== v));
    if (Object.keys(changedPrefs).length > 0) body.contactPreferences = changedPrefs;
    return body;
  };
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<ClientView>('PATCH', `/api/practice/clients/${client.id}`, body),
    onSuccess: (updated) => {
      const next = { values: valuesOf(updated), prefs: prefsOf(updated) };
      setSaved(next);
      setValues(next.values);
      setPrefs(next.prefs);
      qc.setQueryData(chartKey(client.id), updated);
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const pending = patch();
  const dirty = Object.keys(pending).length > 0;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (dirty) save.mutate(pending);
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Demographics
          </Title>
          <div className="cf-grid">
            {FIELDS.map((f) => (
              <TextInput
                key={f.name}
                label={f.label}
                type={f.type ?? 'text'}
                required={f.required}
                description={f.description}
                value={values[f.name] ?? ''}
                onChange={(e) => setValues({ ...values, [f.name]: e.currentTarget.value })}
                error={err?.fieldMessage(f.name)}
              />
            ))}
          </div>
          <fieldset className="cf-fieldset">
            <legend>Contact preferences</legend>
            <Text size="sm" mb="xs">
              A voicemail or a text can reveal treatment to others in the household: each channel stays closed until the client agrees to it.
            </Text>
            <Group align="flex-end">
              <NativeSelect
                label="Preferred channel"
                value={prefs.preferredChannel ?? ''}
                onChange={(e) => setPrefs({ ...prefs, preferredChannel: (e.currentTarget.value || null) as ContactPreferences['preferredChannel'] })}
                data={CHANNELS}
                error={err?.fieldMessage('contactPreferences/preferredChannel')}
              />
              {PERMISSIONS.map((p) => (
                <Checkbox key={p.key} label={p.label} checked={prefs[p.key]} onChange={(e) => setPrefs({ ...prefs, [p.key]: e.currentTarget.checked })} />
              ))}
            </Group>
          </fieldset>
          <ProblemAlert error={save.error} title="The changes were not saved" />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!dirty}>
              Save changes
            </Button>
            {dirty && !save.isPending && <Text size="sm">Unsaved changes.</Text>}
            {save.isSuccess && !dirty && (
              <Text size="sm" role="status">
                Saved.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Discharge with a date and a reason (the record is kept), or take a discharged client back into care. */
function CareStatus({ client }: ChartTabProps): ReactElement {
  const qc = useQueryClient();
  const [dischargedOn, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [reason, setReason] = useState('');
  const done = (updated: ClientView): void => {
    qc.setQueryData(chartKey(client.id), updated);
  };
  const discharge = useMutation({ mutationFn: () => api<ClientView>('POST', `/api/practice/clients/${client.id}/discharge`, { dischargedOn, reason }), onSuccess: done });
  const reactivate = useMutation({ mutationFn: () => api<ClientView>('POST', `/api/practice/clients/${client.id}/reactivate`), onSuccess: done });
  const err = discharge.error instanceof ApiError ? discharge.error : null;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Care status
        </Title>
        {client.status === 'discharged' ? (
          <>
            <Text>
              Discharged on {client.dischargedOn}: {dischargeReasonLabel(client.dischargeReason)}. The record is kept.
            </Text>
            <Group>
              <Button variant="default" onClick={() => reactivate.mutate()} loading={reactivate.isPending}>
                Take back into care
              </Button>
            </Group>
            <ProblemAlert error={reactivate.error} title="The client was not taken back into care" />
          </>
        ) : (
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              discharge.mutate();
            }}
            noValidate
          >
            <Stack gap="sm">
              <Text size="sm">In care. Discharging ends care and keeps the record; it can be undone.</Text>
              <Group align="flex-start">
                <TextInput label="Discharge date" type="date" required value={dischargedOn} onChange={(e) => setDate(e.currentTarget.value)} error={err?.fieldMessage('dischargedOn')} />
                <NativeSelect
                  label="Reason"
                  required
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  data={[{ value: '', label: 'Choose a reason', disabled: true }, ...DISCHARGE_REASONS]}
                  error={err?.fieldMessage('reason')}
                />
              </Group>
              <ProblemAlert error={discharge.error} title="The client was not discharged" />
              <Group>
                <Button type="submit" variant="default" disabled={!reason} loading={discharge.isPending}>
                  Discharge
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

export function OverviewTab({ client }: ChartTabProps): ReactElement {
  return (
    <Stack gap="md">
      {client.minor && !client.demographics.guardianName && (
        <Alert color="yellow" title="Guardian missing">
          This client is under 18 and has no guardian on record.
        </Alert>
      )}
      <DemographicsForm client={client} />
      <CareStatus client={client} />
    </Stack>
  );
}
