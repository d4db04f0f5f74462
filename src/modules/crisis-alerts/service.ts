import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { asDate, asDateOrNull } from '../../platform/auth/time.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import type { PracticeContext, PracticeTx } from '../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { ConflictProblem, NotFoundProblem } from '../../platform/http/problem.js';
import { findBuiltInInstrument } from '../assessments/instruments/catalogue.js';
import type { InstrumentAlert } from '../assessments/instruments/score.js';
import type { AcknowledgeCode, AlertStatus, ResolveCode } from './codes.js';

/**
 * Crisis alerts: an answer that signals risk (PHQ-9 item 9 above zero) is put in front of the
 * client's care team, with its evidence, whatever the instrument's total.
 *
 * Confidant contacts no one by itself: no email, SMS, call or message to the client, the clinician
 * or emergency services is sent by this module. The alert is shown to the care team and the practice
 * owners in the application; what to do is the clinician's decision, recorded as a code.
 */

export interface CrisisAlertView {
  id: string;
  clientId: string;
  administrationId: string;
  instrumentId: string;
  kind: 'crisis';
  itemId: string;
  itemText: string | null;
  answerValue: number;
  answerLabel: string | null;
  reason: string | null;
  status: AlertStatus;
  raisedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeCode: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolveCode: string | null;
}

const TABLE = 'crisis_alerts';

interface AlertRow {
  id: string;
  client_id: string;
  administration_id: string;
  instrument_id: string;
  kind: 'crisis';
  item_id: string;
  answer_value: string;
  status: AlertStatus;
  raised_at: Date | string;
  acknowledged_by: string | null;
  acknowledged_at: Date | string | null;
  acknowledge_code: string | null;
  resolved_by: string | null;
  resolved_at: Date | string | null;
  resolve_code: string | null;
}

const SELECT = sql`select a.id, a.client_id, a.administration_id, x.instrument_id, a.kind, a.item_id, a.answer_value, a.status, a.raised_at,
    a.acknowledged_by, a.acknowledged_at, a.acknowledge_code, a.resolved_by, a.resolved_at, a.resolve_code
  from crisis_alerts a join assessment_administrations x on x.practice_id = a.practice_id and x.id = a.administration_id`;

async function toView(tx: PracticeTx, cipher: FieldCipher, r: AlertRow): Promise<CrisisAlertView> {
  const answerValue = Number(await cipher.decrypt(tx, { practiceId: tx.practiceId, table: TABLE, column: 'answer_value', rowId: r.id }, r.answer_value));
  const def = findBuiltInInstrument(r.instrument_id);
  const item = def?.items.find((i) => i.id === r.item_id);
  const iso = (v: Date | string | null): string | null => asDateOrNull(v)?.toISOString() ?? null;
  return {
    id: r.id,
    clientId: r.client_id,
    administrationId: r.administration_id,
    instrumentId: r.instrument_id,
    kind: r.kind,
    itemId: r.item_id,
    itemText: item?.text ?? null,
    answerValue,
    answerLabel: (item?.options ?? def?.options)?.find((o) => o.value === answerValue)?.label ?? null,
    reason: def?.alerts.find((a) => a.item === r.item_id)?.reason ?? null,
    status: r.status,
    raisedAt: asDate(r.raised_at).toISOString(),
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgeCode: r.acknowledge_code,
    resolvedBy: r.resolved_by,
    resolvedAt: iso(r.resolved_at),
    resolveCode: r.resolve_code,
  };
}

/**
 * Raises one alert per triggered rule, inside the transaction that stores the administration, so an
 * administration never commits without its alerts (nor alerts without their audit events).
 */
export async function raiseCrisisAlerts(
  tx: PracticeTx,
  cipher: FieldCipher,
  input: { clientId: string; administrationId: string; raisedAt: Date; alerts: readonly InstrumentAlert[] },
): Promise<string[]> {
  const ids: string[] = [];
  for (const alert of input.alerts) {
    const id = randomUUID();
    const answer = await cipher.encrypt(tx, { practiceId: tx.practiceId, table: TABLE, column: 'answer_value', rowId: id }, String(alert.answer));
    await tx.rows(sql`insert into crisis_alerts (practice_id, id, client_id, administration_id, kind, item_id, answer_value, raised_at)
      values (${tx.practiceId}, ${id}, ${input.clientId}, ${input.administrationId}, ${alert.kind}, ${alert.item}, ${answer}, ${input.raisedAt.toISOString()}::timestamptz)`);
    tx.audit({ action: 'crisis_alert_raise', resourceType: 'crisis_alert', resourceId: id, subjectClientId: input.clientId, purposeOfUse: 'treatment' });
    ids.push(id);
  }
  return ids;
}

/**
 * The practice-wide list: owners see every alert, clinicians those of clients on their care team
 * (the policy lets both read the list; the care-team filter is this query's). One audit event per
 * alert shown, with its client, plus one for the list itself.
 */
export async function listPracticeAlerts(
  db: Database,
  cipher: FieldCipher,
  ctx: PracticeContext & { userId: string; role: string },
  status: AlertStatus | 'all',
): Promise<CrisisAlertView[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const careTeamOnly = ctx.role !== 'owner';
    const rows = await tx.rows<AlertRow>(sql`${SELECT}
      where (${status}::text = 'all' or a.status = ${status}::text)
        and (${!careTeamOnly}::boolean or exists (select 1 from care_team_members c where c.client_id = a.client_id and c.user_id = ${ctx.userId}))
        -- Restrictions (164.522(a)) narrow the list as they narrow the client's record.
        and not exists (select 1 from client_restrictions r where r.client_id = a.client_id and r.lifted_at is null
              and ((r.kind = 'exclude_member' and r.member_id = ${ctx.userId})
                or (r.kind = 'care_team_only' and not exists (select 1 from care_team_members c where c.client_id = a.client_id and c.user_id = ${ctx.userId}))))
      order by a.raised_at desc, a.id limit 500`);
    tx.audit({ action: 'read', resourceType: 'crisis_alert_list', purposeOfUse: 'treatment' });
    const views: CrisisAlertView[] = [];
    for (const r of rows) {
      views.push(await toView(tx, cipher, r));
      tx.audit({ action: 'read', resourceType: 'crisis_alert', resourceId: r.id, subjectClientId: r.client_id, purposeOfUse: 'treatment' });
    }
    return views;
  });
}

export async function listClientAlerts(db: Database, cipher: FieldCipher, ctx: PracticeContext, clientId: string): Promise<CrisisAlertView[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows<AlertRow>(sql`${SELECT} where a.client_id = ${clientId} order by a.raised_at desc, a.id`);
    tx.audit({ action: 'read', resourceType: 'crisis_alert', subjectClientId: clientId, purposeOfUse: 'treatment' });
    const views: CrisisAlertView[] = [];
    for (const r of rows) views.push(await toView(tx, cipher, r));
    return views;
  });
}

type Transition = { to: 'acknowledged'; code: AcknowledgeCode } | { to: 'resolved'; code: ResolveCode };

/**
 * open -> acknowledged -> resolved (or open -> resolved directly). Each step records who and when,
 * with a code; a step that is no longer possible (already resolved) is a 409, nothing changes.
 */
export async function moveAlert(
  db: Database,
  cipher: FieldCipher,
  ctx: PracticeContext & { userId: string },
  clientId: string,
  alertId: string,
  step: Transition,
  at: Date,
): Promise<CrisisAlertView> {
  return withPracticeTx(db, ctx, async (tx) => {
    const [current] = await tx.rows<{ status: AlertStatus }>(sql`select status from crisis_alerts where id = ${alertId} and client_id = ${clientId} for update`);
    if (!current) throw new NotFoundProblem('No such crisis alert for this client.');
    const allowedFrom: AlertStatus[] = step.to === 'acknowledged' ? ['open'] : ['open', 'acknowledged'];
    if (!allowedFrom.includes(current.status)) throw new ConflictProblem(`The alert is ${current.status}; it cannot be ${step.to} now.`, 'crisis-alert-state');
    const when = at.toISOString();
    if (step.to === 'acknowledged') {
      await tx.rows(sql`update crisis_alerts set status = 'acknowledged', acknowledged_by = ${ctx.userId}, acknowledged_at = ${when}::timestamptz, acknowledge_code = ${step.code}
        where id = ${alertId}`);
    } else {
      await tx.rows(sql`update crisis_alerts set status = 'resolved', resolved_by = ${ctx.userId}, resolved_at = ${when}::timestamptz, resolve_code = ${step.code}
        where id = ${alertId}`);
    }
    tx.audit({ action: step.to === 'acknowledged' ? 'crisis_alert_acknowledge' : 'crisis_alert_resolve', resourceType: 'crisis_alert', resourceId: alertId, subjectClientId: clientId, purposeOfUse: 'treatment' });
    const [row] = await tx.rows<AlertRow>(sql`${SELECT} where a.id = ${alertId}`);
    return toView(tx, cipher, row!);
  });
}
