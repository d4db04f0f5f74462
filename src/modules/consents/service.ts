import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { asDate, asDateOrNull } from '../../platform/auth/time.js';
import type { Database } from '../../platform/db/database.js';
import type { PracticeContext, PracticeTx } from '../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { ValidationProblem } from '../../platform/http/problem.js';
import type { ConsentKind, ConsentMethod, ConsentRecord } from './consent-kinds.js';
import { CONSENT_KINDS, hasActiveConsent } from './consent-kinds.js';

/**
 * Client consents as an append-only history: each grant and each withdrawal is a record of its own
 * (who gave it, by what method, to which version of the text, when, recorded by whom); nothing is
 * changed or removed (the tenant role has no UPDATE or DELETE on the table).
 *
 * Features that act on a consent call `hasConsent(tx, clientId, kind)` inside their own transaction,
 * before acting, every time: session recording attachments (`session_recording`), AI drafting and any
 * AI processing of a client's content (`ai_processing`), SMS (`sms`, the 164.522(b) request with its
 * risk disclosure) and Part 2 disclosures (`part2_disclosure`). A consent to a version older than the
 * one the practice requires counts as absent.
 */

export const CONSENT_DECISIONS = ['granted', 'withdrawn'] as const;
export const CONSENT_GIVERS = ['client', 'personal_representative'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface ConsentInput {
  kind: ConsentKind;
  decision: ConsentDecision;
  /** The version of the text the client saw; defaults to the version the practice requires now. */
  version?: number;
  method: ConsentMethod;
  givenBy: ConsentGiver;
  decidedAt?: Date;
  /** Part 2 consents may expire; other kinds last until withdrawn. */
  expiresAt?: Date;
}

export interface ConsentRecordView {
  id: string;
  kind: ConsentKind;
  decision: ConsentDecision;
  version: number;
  method: ConsentMethod;
  givenBy: ConsentGiver;
  decidedAt: string;
  expiresAt: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface ConsentStateView {
  kind: ConsentKind;
  title: string;
  requiredVersion: number;
  text: string;
  active: boolean;
  /** The newest record of this kind (grant or withdrawal), or null if none. */
  latest: ConsentRecordView | null;
}

interface Row {
  id: string;
  kind: ConsentKind;
  decision: ConsentDecision;
  consent_version: number;
  method: ConsentMethod;
  given_by: ConsentGiver;
  decided_at: Date | string;
  expires_at: Date | string | null;
  recorded_by: string;
  recorded_at: Date | string;
}

const view = (r: Row): ConsentRecordView => ({
  id: r.id,
  kind: r.kind,
  decision: r.decision,
  version: Number(r.consent_version),
  method: r.method,
  givenBy: r.given_by,
  decidedAt: asDate(r.decided_at).toISOString(),
  expiresAt: asDateOrNull(r.expires_at)?.toISOString() ?? null,
  recordedBy: r.recorded_by,
  recordedAt: asDate(r.recorded_at).toISOString(),
});

async function loadRows(tx: Pick<PracticeTx, 'rows'>, clientId: string, kind?: ConsentKind): Promise<Row[]> {
  return tx.rows<Row>(sql`select id, kind, decision, consent_version, method, given_by, decided_at, expires_at, recorded_by, recorded_at
    from consent_records where client_id = ${clientId} and (${kind ?? null}::text is null or kind = ${kind ?? null}::text)
    order by decided_at, recorded_at`);
}

/**
 * The history as the pure rule (consent-kinds.ts) reads it: each grant, ended by the first withdrawal
 * of the same kind decided at or after it.
 */
export function toConsentRecords(rows: readonly ConsentRecordView[]): ConsentRecord[] {
  const grants = rows.filter((r) => r.decision === 'granted');
  return grants.map((g) => {
    const withdrawal = rows.find((w) => w.decision === 'withdrawn' && w.kind === g.kind && Date.parse(w.decidedAt) >= Date.parse(g.decidedAt));
    return {
      kind: g.kind,
      version: g.version,
      givenAt: new Date(g.decidedAt),
      method: g.method,
      recordedBy: g.recordedBy,
      withdrawnAt: withdrawal ? new Date(withdrawal.decidedAt) : null,
      expiresAt: g.expiresAt ? new Date(g.expiresAt) : null,
    };
  });
}

/**
 * Whether the client has an active consent of this kind now: the call every consent-dependent feature
 * makes in its own transaction before acting (recording attachments, AI processing, SMS, Part 2
 * disclosure). No record, a withdrawal, an expiry, or a version older than required all answer false.
 * `requiredVersion` lets a practice that has raised the version of a text demand it.
 */
export async function hasConsent(tx: PracticeTx, clientId: string, kind: ConsentKind, opts: { at?: Date; requiredVersion?: number } = {}): Promise<boolean> {
  const at = opts.at ?? new Date();
  const records = toConsentRecords((await loadRows(tx, clientId, kind)).map(view));
  tx.audit({ action: 'consent_check', resourceType: 'consent', subjectClientId: clientId, purposeOfUse: 'operations' });
  if (!hasActiveConsent(records, kind, at)) return false;
  const required = opts.requiredVersion ?? CONSENT_KINDS[kind].requiredVersion;
  // hasActiveConsent chose the newest grant in force; check its version against a raised requirement.
  const newest = records.filter((r) => r.givenAt.getTime() <= at.getTime()).sort((a, b) => b.givenAt.getTime() - a.givenAt.getTime())[0];
  return newest !== undefined && newest.version >= required;
}

export async function recordConsent(db: Database, ctx: PracticeContext & { userId: string }, clientId: string, input: ConsentInput, now: Date): Promise<ConsentRecordView> {
  const def = CONSENT_KINDS[input.kind];
  const version = input.version ?? def.requiredVersion;
  const decidedAt = input.decidedAt ?? now;
  const errors: { field: string; message: string }[] = [];
  if (version > def.requiredVersion) errors.push({ field: 'body/version', message: `the current text of ${input.kind} is version ${def.requiredVersion}` });
  if (decidedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) errors.push({ field: 'body/decidedAt', message: 'cannot be in the future' });
  if (input.expiresAt && input.kind !== 'part2_disclosure') errors.push({ field: 'body/expiresAt', message: 'only a Part 2 disclosure consent carries an expiry' });
  if (input.expiresAt && input.decision !== 'granted') errors.push({ field: 'body/expiresAt', message: 'a withdrawal has no expiry' });
  if (input.expiresAt && input.expiresAt.getTime() <= decidedAt.getTime()) errors.push({ field: 'body/expiresAt', message: 'must be after the consent is given' });
  if (errors.length > 0) throw new ValidationProblem(errors);
  return withPracticeTx(db, ctx, async (tx) => {
    const id = randomUUID();
    const [row] = await tx.rows<Row>(sql`insert into consent_records
        (practice_id, id, client_id, kind, decision, consent_version, method, given_by, decided_at, expires_at, recorded_by)
      values (${tx.practiceId}, ${id}, ${clientId}, ${input.kind}, ${input.decision}, ${version}, ${input.method}, ${input.givenBy},
              ${decidedAt.toISOString()}::timestamptz, ${input.expiresAt?.toISOString() ?? null}::timestamptz, ${ctx.userId})
      returning id, kind, decision, consent_version, method, given_by, decided_at, expires_at, recorded_by, recorded_at`);
    tx.audit({ action: input.decision === 'granted' ? 'consent_grant' : 'consent_withdraw', resourceType: 'consent', resourceId: id, subjectClientId: clientId, purposeOfUse: 'operations' });
    return view(row!);
  });
}

/** Every kind with whether it is active now and its newest record. */
export async function consentState(db: Database, ctx: PracticeContext, clientId: string, now: Date): Promise<ConsentStateView[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = (await loadRows(tx, clientId)).map(view);
    tx.audit({ action: 'read', resourceType: 'consent', subjectClientId: clientId, purposeOfUse: 'operations' });
    const records = toConsentRecords(rows);
    return (Object.keys(CONSENT_KINDS) as ConsentKind[]).map((kind) => {
      const def = CONSENT_KINDS[kind];
      const ofKind = rows.filter((r) => r.kind === kind);
      return {
        kind,
        title: def.title,
        requiredVersion: def.requiredVersion,
        text: def.text,
        active: hasActiveConsent(records, kind, now),
        latest: ofKind[ofKind.length - 1] ?? null,
      };
    });
  });
}

export async function consentHistory(db: Database, ctx: PracticeContext, clientId: string): Promise<ConsentRecordView[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await loadRows(tx, clientId);
    tx.audit({ action: 'read', resourceType: 'consent_history', subjectClientId: clientId, purposeOfUse: 'operations' });
    return rows.map(view);
  });
}
