import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { asDate } from '../../platform/auth/time.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import type { PracticeContext, PracticeTx } from '../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { ForbiddenProblem, NotFoundProblem, ValidationProblem } from '../../platform/http/problem.js';
import { raiseCrisisAlerts } from '../crisis-alerts/service.js';
import { findBuiltInInstrument } from './instruments/catalogue.js';
import type { InstrumentDefinition } from './instruments/definition.js';
import type { Answers, ScoreResult } from './instruments/score.js';
import { AnswerError, scoreInstrument } from './instruments/score.js';
import type { Trend } from './trend.js';
import { buildTrend } from './trend.js';

/**
 * Administrations of standardised instruments for one client. Answers and the score (total, band,
 * provisional-diagnosis rule) are each one encrypted JSON field; the instrument, time and method stay
 * plain so a client's series can be selected and ordered without decrypting the rest.
 */

export const ADMINISTRATION_METHODS = ['in_session', 'paper_form'] as const;
export type AdministrationMethod = (typeof ADMINISTRATION_METHODS)[number] | 'client_portal';

/** A submitted administration may be dated a little ahead of the server clock (clock skew), no more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const TABLE = 'assessment_administrations';

/** What is stored, encrypted, in `score`: the result without the alerts (they have their own table). */
type StoredScore = Pick<ScoreResult, 'total' | 'maxTotal' | 'band' | 'clusters' | 'clusterRule' | 'cutPoint'>;

export interface AdministrationSummary {
  id: string;
  clientId: string;
  instrumentId: string;
  instrumentVersion: string;
  instrumentName: string | null;
  administeredAt: string;
  method: AdministrationMethod;
  administeredBy: string;
  recordedAt: string;
  total: number;
  maxTotal: number;
  band: string | null;
  /** The instrument's symptom-cluster rule (PCL-5 provisional PTSD diagnosis), where it has one. */
  provisionalDiagnosis: { label: string; met: boolean } | null;
  cutPoint: { label: string; atLeast: number; met: boolean } | null;
  clusters: Record<string, { score: number; endorsed: number }>;
}

export interface AdministrationDetail extends AdministrationSummary {
  instructions: string | null;
  source: string | null;
  items: { id: string; text: string; scored: boolean; answer: number | null; answerLabel: string | null }[];
}

export interface AdministerInput {
  instrumentId: string;
  administeredAt?: Date;
  method: (typeof ADMINISTRATION_METHODS)[number];
  answers: Answers;
}

export interface AdministerResult {
  summary: AdministrationSummary;
  crisisAlertIds: string[];
}

interface Row {
  id: string;
  client_id: string;
  instrument_id: string;
  instrument_version: string;
  administered_at: Date | string;
  method: AdministrationMethod;
  administered_by: string;
  recorded_at: Date | string;
  answers: string;
  score: string;
}

const ref = (tx: PracticeTx, rowId: string, column: 'answers' | 'score') => ({ practiceId: tx.practiceId, table: TABLE, column, rowId });

function instrumentOrFail(id: string): InstrumentDefinition {
  const def = findBuiltInInstrument(id);
  if (!def) throw new ValidationProblem([{ field: 'body/instrumentId', message: 'not an instrument of this installation' }]);
  return def;
}

/** Scores by the instrument's rules; a missing or disallowed answer is a 400 naming each item. */
function scoreOrFail(def: InstrumentDefinition, answers: Answers): ScoreResult {
  try {
    return scoreInstrument(def, answers);
  } catch (err) {
    if (!(err instanceof AnswerError)) throw err;
    throw new ValidationProblem(
      err.problems.map((p) => {
        const cut = p.indexOf(': ');
        return { field: `body/answers/${p.slice(0, cut)}`, message: p.slice(cut + 2) };
      }),
      'Every item must be answered with one of its allowed values; see errors for each item.',
    );
  }
}

async function summaryOf(tx: PracticeTx, cipher: FieldCipher, r: Row): Promise<AdministrationSummary> {
  const score = JSON.parse(await cipher.decrypt(tx, ref(tx, r.id, 'score'), r.score)) as StoredScore;
  return {
    id: r.id,
    clientId: r.client_id,
    instrumentId: r.instrument_id,
    instrumentVersion: r.instrument_version,
    instrumentName: findBuiltInInstrument(r.instrument_id)?.name ?? null,
    administeredAt: asDate(r.administered_at).toISOString(),
    method: r.method,
    administeredBy: r.administered_by,
    recordedAt: asDate(r.recorded_at).toISOString(),
    total: score.total,
    maxTotal: score.maxTotal,
    band: score.band,
    provisionalDiagnosis: score.clusterRule,
    cutPoint: score.cutPoint,
    clusters: score.clusters,
  };
}

/**
 * Stores one administration, scored, and raises its crisis alerts in the same transaction.
 * Staff may only key in a paper form the client completed; they get back the id, never the result.
 */
export async function administer(
  db: Database,
  cipher: FieldCipher,
  ctx: PracticeContext & { userId: string; role: string },
  clientId: string,
  input: AdministerInput,
  now: Date,
): Promise<AdministerResult> {
  const def = instrumentOrFail(input.instrumentId);
  const result = scoreOrFail(def, input.answers);
  const administeredAt = input.administeredAt ?? now;
  if (administeredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw new ValidationProblem([{ field: 'body/administeredAt', message: 'cannot be in the future' }]);
  }
  if (ctx.role === 'staff' && input.method !== 'paper_form') {
    throw new ForbiddenProblem('Staff record paper forms completed by the client (method paper_form); in-session administration is a clinician\'s.');
  }
  const stored: StoredScore = { total: result.total, maxTotal: result.maxTotal, band: result.band, clusters: result.clusters, clusterRule: result.clusterRule, cutPoint: result.cutPoint };
  return withPracticeTx(db, ctx, async (tx) => {
    const id = randomUUID();
    const answers = await cipher.encrypt(tx, ref(tx, id, 'answers'), JSON.stringify(input.answers));
    const score = await cipher.encrypt(tx, ref(tx, id, 'score'), JSON.stringify(stored));
    const [row] = await tx.rows<Row>(sql`insert into assessment_administrations
        (practice_id, id, client_id, instrument_id, instrument_version, administered_at, method, administered_by, answers, score)
      values (${tx.practiceId}, ${id}, ${clientId}, ${def.id}, ${def.version}, ${administeredAt.toISOString()}::timestamptz, ${input.method}, ${ctx.userId}, ${answers}, ${score})
      returning id, client_id, instrument_id, instrument_version, administered_at, method, administered_by, recorded_at, answers, score`);
    tx.audit({ action: 'create', resourceType: 'assessment', resourceId: id, subjectClientId: clientId, purposeOfUse: 'treatment' });
    const crisisAlertIds = await raiseCrisisAlerts(tx, cipher, { clientId, administrationId: id, raisedAt: now, alerts: result.alerts });
    return { summary: await summaryOf(tx, cipher, row!), crisisAlertIds };
  });
}

const COLUMNS = sql`id, client_id, instrument_id, instrument_version, administered_at, method, administered_by, recorded_at, answers, score`;

export async function listAdministrations(db: Database, cipher: FieldCipher, ctx: PracticeContext, clientId: string, instrumentId?: string): Promise<AdministrationSummary[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows<Row>(sql`select ${COLUMNS} from assessment_administrations
      where client_id = ${clientId} and (${instrumentId ?? null}::text is null or instrument_id = ${instrumentId ?? null}::text)
      order by administered_at desc, recorded_at desc`);
    tx.audit({ action: 'read', resourceType: 'assessment_list', subjectClientId: clientId, purposeOfUse: 'treatment' });
    const out: AdministrationSummary[] = [];
    for (const r of rows) out.push(await summaryOf(tx, cipher, r));
    return out;
  });
}

export async function getAdministration(db: Database, cipher: FieldCipher, ctx: PracticeContext, clientId: string, id: string): Promise<AdministrationDetail> {
  return withPracticeTx(db, ctx, async (tx) => {
    const [row] = await tx.rows<Row>(sql`select ${COLUMNS} from assessment_administrations where client_id = ${clientId} and id = ${id}`);
    if (!row) throw new NotFoundProblem('No such assessment for this client.');
    tx.audit({ action: 'read', resourceType: 'assessment', resourceId: id, subjectClientId: clientId, purposeOfUse: 'treatment' });
    const summary = await summaryOf(tx, cipher, row);
    const answers = JSON.parse(await cipher.decrypt(tx, ref(tx, id, 'answers'), row.answers)) as Answers;
    const def = findBuiltInInstrument(row.instrument_id);
    // Items in the instrument's order; an answer to an item the current definition lacks is still shown.
    const known = def?.items ?? [];
    const items = known.map((i) => {
      const answer = answers[i.id] ?? null;
      return { id: i.id, text: i.text, scored: i.scored, answer, answerLabel: (i.options ?? def!.options).find((o) => o.value === answer)?.label ?? null };
    });
    for (const [k, v] of Object.entries(answers)) if (!known.some((i) => i.id === k)) items.push({ id: k, text: '', scored: false, answer: v, answerLabel: null });
    return { ...summary, instructions: def?.instructions ?? null, source: def?.source ?? null, items };
  });
}

/** The chart of one instrument for one client, oldest first, with the change at each step. */
export async function clientTrend(db: Database, cipher: FieldCipher, ctx: PracticeContext, clientId: string, instrumentId: string): Promise<Trend> {
  const def = findBuiltInInstrument(instrumentId);
  if (!def) throw new ValidationProblem([{ field: 'querystring/instrument', message: 'not an instrument of this installation' }]);
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows<Row>(sql`select ${COLUMNS} from assessment_administrations
      where client_id = ${clientId} and instrument_id = ${def.id} order by administered_at, recorded_at`);
    tx.audit({ action: 'read', resourceType: 'assessment_trend', subjectClientId: clientId, purposeOfUse: 'treatment' });
    const inputs = [];
    for (const r of rows) {
      const s = await summaryOf(tx, cipher, r);
      inputs.push({ id: s.id, administeredAt: new Date(s.administeredAt), total: s.total, band: s.band });
    }
    return buildTrend(def, inputs);
  });
}
