import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, ApiError, get } from '../api/client';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { clientDataKey, type ChartTabProps } from './client-view';

interface Objective {
  description: string;
  measure: string;
  targetDate: string | null;
  status: 'open' | 'met' | 'partially_met' | 'not_met' | 'discontinued';
}
interface Goal {
  description: string;
  objectives: Objective[];
}
interface Intervention {
  description: string;
  frequency: string;
}
interface Problem {
  description: string;
  goals: Goal[];
  interventions: Intervention[];
}
interface PlanContent {
  problems: Problem[];
  startDate: string | null;
  reviewDate: string | null;
}
interface PlanMeta {
  id: string;
  kind: 'original' | 'addendum' | 'amendment';
  status: 'draft' | 'signed';
  version: number;
  signedAt: string | null;
  updatedAt: string;
}
interface Plan extends PlanMeta {
  content: Partial<PlanContent>;
}

const OBJECTIVE_STATUS = [
  { value: 'open', label: 'Open' },
  { value: 'met', label: 'Met' },
  { value: 'partially_met', label: 'Partly met' },
  { value: 'not_met', label: 'Not met' },
  { value: 'discontinued', label: 'Discontinued' },
];
const plansKey = (clientId: string): readonly unknown[] => clientDataKey(clientId, 'treatment-plans');
const newObjective = (): Objective => ({ description: '', measure: '', targetDate: null, status: 'open' });
const newProblem = (): Problem => ({ description: '', goals: [{ description: '', objectives: [newObjective()] }], interventions: [{ description: '', frequency: '' }] });
const normalise = (c: Partial<PlanContent>): PlanContent => ({
  startDate: c.startDate ?? null,
  reviewDate: c.reviewDate ?? null,
  problems: (c.problems ?? []).map((p) => ({
    description: p.description ?? '',
    interventions: (p.interventions ?? []).map((v) => ({ description: v.description ?? '', frequency: v.frequency ?? '' })),
    goals: (p.goals ?? []).map((g) => ({ description: g.description ?? '', objectives: (g.objectives ?? []).map((o) => ({ ...newObjective(), ...o })) })),
  })),
});

/** "content/problems/0/goals/1/objectives/0/measure" -> "Problem 1, goal 2, objective 1". */
function where(field: string): string {
  const parts = field.replace(/^(body\/)?content\/?/, '').split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const [name, index] = [parts[i], parts[i + 1]];
    if (index === undefined || !/^\d+$/.test(index)) break;
    out.push(`${{ problems: 'Problem', goals: 'goal', objectives: 'objective', interventions: 'intervention' }[name ?? ''] ?? name} ${Number(index) + 1}`);
  }
  if (parts.includes('reviewDate')) return 'Review date';
  return out.join(', ') || 'The plan';
}

function PlanEditor({ clientId, plan, onChanged }: { clientId: string; plan: Plan; onChanged: () => Promise<void> }): ReactElement {
  const qc = useQueryClient();
  const [content, setContent] = useState<PlanContent>(() => normalise(plan.content));
  const [version, setVersion] = useState(plan.version);
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(normalise(plan.content)));
  const base = `/api/practice/clients/${clientId}/treatment-plans/${plan.id}`;
  const signed = plan.status === 'signed';
  const dirty = JSON.stringify(content) !== savedJson;
  const save = useMutation({
    mutationFn: () => api<Plan>('PUT', base, { baseVersion: version, content }),
    onSuccess: async (p) => {
      setVersion(p.version);
      setSavedJson(JSON.stringify(content));
      await qc.invalidateQueries({ queryKey: [...plansKey(clientId), plan.id, 'versions'] });
    },
  });
  const sign = useMutation({ mutationFn: () => api<Plan>('POST', `${base}/sign`, { version }), onSuccess: onChanged });
  const revise = useMutation({ mutationFn: () => api<Plan>('POST', `${base}/amendments`, { content }), onSuccess: onChanged });
  const versions = useQuery({ queryKey: [...plansKey(clientId), plan.id, 'versions'], queryFn: () => get<{ versions: { version: number; savedAt: string }[] }>(`${base}/versions`) });
  const edit = (change: (draft: PlanContent) => void): void => {
    const next = structuredClone(content);
    change(next);
    setContent(next);
  };
  const saveErr = save.error instanceof ApiError ? save.error : null;
  const signErr = sign.error instanceof ApiError ? sign.error : null;
  const ro = signed;
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {plan.kind === 'amendment' ? 'Treatment plan (revision)' : 'Treatment plan'}
          </Title>
          <Badge variant="light" color={signed ? 'green' : 'gray'}>
            {signed ? `signed ${formatTime(plan.signedAt)}` : `draft, version ${version}`}
          </Badge>
        </Group>
        <Group>
          <TextInput label="Start date" type="date" readOnly={ro} value={content.startDate ?? ''} onChange={(e) => edit((d) => void (d.startDate = e.currentTarget.value || null))} error={saveErr?.fieldMessage('content/startDate')} />
          <TextInput label="Review date" type="date" readOnly={ro} value={content.reviewDate ?? ''} onChange={(e) => edit((d) => void (d.reviewDate = e.currentTarget.value || null))} error={saveErr?.fieldMessage('content/reviewDate')} />
        </Group>
        {content.problems.length === 0 && <Text>No problem on this plan yet.</Text>}
        {content.problems.map((p, i) => (
          <fieldset key={i} className="cf-fieldset">
            <legend>Problem {i + 1}: goals and interventions</legend>
            <Stack gap="sm">
              <Textarea label={`Problem ${i + 1}`} autosize minRows={1} readOnly={ro} value={p.description} onChange={(e) => edit((d) => void (d.problems[i]!.description = e.currentTarget.value))} />
              {p.goals.map((g, j) => (
                <Stack key={j} gap="xs" pl="md">
                  <Textarea label={`Goal ${i + 1}.${j + 1}`} autosize minRows={1} readOnly={ro} value={g.description} onChange={(e) => edit((d) => void (d.problems[i]!.goals[j]!.description = e.currentTarget.value))} />
                  {g.objectives.map((o, k) => {
                    const n = `${i + 1}.${j + 1}.${k + 1}`;
                    const set = (change: (obj: Objective) => void): void => edit((d) => change(d.problems[i]!.goals[j]!.objectives[k]!));
                    return (
                      <Group key={k} align="flex-start" pl="md" wrap="wrap">
                        <TextInput label={`Objective ${n}`} readOnly={ro} value={o.description} onChange={(e) => set((x) => void (x.description = e.currentTarget.value))} miw={220} />
                        <TextInput label={`How objective ${n} is measured`} readOnly={ro} value={o.measure} onChange={(e) => set((x) => void (x.measure = e.currentTarget.value))} miw={220} />
                        <TextInput label={`Target date of objective ${n}`} type="date" readOnly={ro} value={o.targetDate ?? ''} onChange={(e) => set((x) => void (x.targetDate = e.currentTarget.value || null))} />
                        <NativeSelect label={`Status of objective ${n}`} disabled={ro} value={o.status} onChange={(e) => set((x) => void (x.status = e.currentTarget.value as Objective['status']))} data={OBJECTIVE_STATUS} />
                      </Group>
                    );
                  })}
                  {!ro && (
                    <Group pl="md">
                      <Button size="xs" variant="default" onClick={() => edit((d) => void d.problems[i]!.goals[j]!.objectives.push(newObjective()))}>
                        Add an objective to goal {i + 1}.{j + 1}
                      </Button>
                    </Group>
                  )}
                </Stack>
              ))}
              {p.interventions.map((v, j) => (
                <Group key={j} align="flex-start" wrap="wrap">
                  <TextInput label={`Intervention ${i + 1}.${j + 1}`} readOnly={ro} value={v.description} onChange={(e) => edit((d) => void (d.problems[i]!.interventions[j]!.description = e.currentTarget.value))} miw={260} />
                  <TextInput label={`How often (intervention ${i + 1}.${j + 1})`} readOnly={ro} value={v.frequency} onChange={(e) => edit((d) => void (d.problems[i]!.interventions[j]!.frequency = e.currentTarget.value))} />
                </Group>
              ))}
              {!ro && (
                <Group>
                  <Button size="xs" variant="default" onClick={() => edit((d) => void d.problems[i]!.goals.push({ description: '', objectives: [newObjective()] }))}>
                    Add a goal to problem {i + 1}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => edit((d) => void d.problems[i]!.interventions.push({ description: '', frequency: '' }))}>
                    Add an intervention to problem {i + 1}
                  </Button>
                  <Button size="xs" variant="default" color="red" onClick={() => edit((d) => void d.problems.splice(i, 1))}>
                    Remove problem {i + 1}
                  </Button>
                </Group>
              )}
            </Stack>
          </fieldset>
        ))}
        {!ro && (
          <Group>
            <Button variant="default" onClick={() => edit((d) => void d.problems.push(newProblem()))}>
              Add a problem
            </Button>
          </Group>
        )}
        {saveErr?.status === 409 ? (
          <Alert color="yellow" role="alert" title="Not saved: the plan changed elsewhere">
            Another save or a signature came first. Your text is still here: copy what you need, then reopen the plan.
          </Alert>
        ) : (
          <ProblemAlert error={save.error} title="Not saved" />
        )}
        {signErr && signErr.fieldErrors.length > 0 ? (
          <Alert color="red" role="alert" title="Not signed: the plan is not complete">
            <ul>
              {signErr.fieldErrors.map((f, n) => (
                <li key={n}>
                  {where(f.field)}: {f.message}
                </li>
              ))}
            </ul>
          </Alert>
        ) : (
          <ProblemAlert error={sign.error} title="Not signed" />
        )}
        <ProblemAlert error={revise.error} title="No revision was started" />
        {!signed ? (
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty}>
              Save
            </Button>
            <Button variant="default" onClick={() => sign.mutate()} loading={sign.isPending} disabled={dirty}>
              Sign and lock
            </Button>
            {dirty && <Text size="sm">Unsaved changes: save before signing.</Text>}
            {save.isSuccess && !dirty && (
              <Text size="sm" role="status">
                Saved as version {version}.
              </Text>
            )}
          </Group>
        ) : (
          <Group>
            <Button variant="default" onClick={() => revise.mutate()} loading={revise.isPending}>
              Revise this plan
            </Button>
            <Text size="sm">The signed plan stays as it is; a revision is a new plan, signed on its own.</Text>
          </Group>
        )}
        {versions.data && versions.data.versions.length > 0 && (
          <Table withTableBorder>
            <Table.Caption>Saved versions of this plan</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Saved</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.data.versions.map((v) => (
                <Table.Tr key={v.version}>
                  <Table.Td>{v.version}</Table.Td>
                  <Table.Td>{formatTime(v.savedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * The client's current treatment plan: drafted and saved as versions, signed and locked by its
 * author, revised as a new plan that keeps the signed one intact. Earlier plans are listed below.
 */
export function TreatmentPlanTab({ client }: ChartTabProps): ReactElement {
  const qc = useQueryClient();
  const key = plansKey(client.id);
  const list = useQuery({ queryKey: key, queryFn: () => get<{ documents: PlanMeta[] }>(`/api/practice/clients/${client.id}/treatment-plans`) });
  const plans = (list.data?.documents ?? []).filter((d) => d.kind !== 'addendum');
  const current = plans[plans.length - 1];
  const open = useQuery({ queryKey: [...key, current?.id], enabled: Boolean(current), queryFn: () => get<Plan>(`/api/practice/clients/${client.id}/treatment-plans/${current?.id ?? ''}`) });
  const refresh = (): Promise<void> => qc.invalidateQueries({ queryKey: key });
  const start = useMutation({ mutationFn: () => api<Plan>('POST', `/api/practice/clients/${client.id}/treatment-plans`, { content: { problems: [newProblem()] } }), onSuccess: refresh });
  if (list.isError) return <ProblemAlert error={list.error} title="The treatment plan could not be opened" />;
  return (
    <Stack gap="md">
      {list.data && !current && (
        <Group>
          <Text>No treatment plan for this client yet.</Text>
          <Button onClick={() => start.mutate()} loading={start.isPending}>
            Start a treatment plan
          </Button>
        </Group>
      )}
      <ProblemAlert error={start.error} title="No plan was started" />
      <ProblemAlert error={open.error} title="The plan could not be opened" />
      {open.data && <PlanEditor key={`${open.data.id}-${open.data.status}`} clientId={client.id} plan={open.data} onChanged={refresh} />}
      {plans.length > 1 && (
        <Text size="sm">
          Earlier plans: {plans.slice(0, -1).map((p) => `${p.status === 'signed' ? `signed ${formatTime(p.signedAt)}` : `draft of ${formatTime(p.updatedAt)}`}`).join('; ')}.
        </Text>
      )}
    </Stack>
  );
}
