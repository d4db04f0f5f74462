import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { asSuperuser } from '../support/db.js';
import type { Account, TestClock } from '../support/identity.js';
import { acceptAndOnboard, inviteAsOwner, syntheticEmail } from '../support/identity.js';

/** One more member of the owner's practice (createPracticeWithMembers gives one per role). */
export async function addMember(app: FastifyInstance, clock: TestClock, owner: Account, role: string): Promise<Account> {
  const email = syntheticEmail(role);
  return acceptAndOnboard(app, clock, await inviteAsOwner(owner, email, role), email, role);
}

/** A fresh client id of the owner's practice with the given clinicians on its care team. */
export async function clientWithTeam(owner: Account, team: Account[]): Promise<string> {
  const clientId = randomUUID();
  for (const member of team) {
    const res = await owner.caller.req('PUT', `/api/practice/clients/${clientId}/care-team/${member.userId}`);
    expect(res.statusCode).toBe(204);
  }
  return clientId;
}

/** Rows as the practice sees them (tenant role, RLS), outside any request. */
export function practiceRows<T>(db: Database, practiceId: string, query: SQL): Promise<T[]> {
  return withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, (tx) => tx.rows<T>(query));
}

/**
 * An attacker with full database rights who also switches the lock triggers off
 * (session_replication_role = replica): what the signature hash must still catch.
 */
export async function tamperAsSuperuser(db: Database, statement: SQL): Promise<void> {
  await asSuperuser(db, async (run) => {
    await run(db.kind === 'pglite' ? sql`set local session_replication_role = replica` : sql`set session_replication_role = replica`);
    await run(statement);
    if (db.kind === 'pglite') await run(sql`set local session_replication_role = origin`);
  });
}

/** The SQLSTATE a statement fails with, run as the practice's tenant role, or null when it succeeds. */
export async function failsWith(db: Database, practiceId: string, query: SQL): Promise<string | null> {
  try {
    await practiceRows(db, practiceId, query);
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? 'unknown';
  }
}

/** The SQLSTATE a statement fails with as a superuser (triggers on), or null. */
export async function superuserFailsWith(db: Database, query: SQL): Promise<string | null> {
  try {
    await asSuperuser(db, (run) => run(query));
    return null;
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    return e.code ?? e.cause?.code ?? 'unknown';
  }
}

export const SOAP = {
  subjective: 'Testy McTestface reports a calmer week.',
  objective: 'Alert, engaged, on time.',
  assessment: 'Improving.',
  plan: 'Continue weekly sessions.',
};
