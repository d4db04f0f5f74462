import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { ClientFactsRow } from '../../platform/auth/client-access.js';
import { clientFactsColumns, clientGrantJoin, factsFromRow } from '../../platform/auth/client-access.js';
import type { Actor } from '../../platform/auth/permissions.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import { NormalisationError } from '../../platform/crypto/errors.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import type { PracticeTx } from '../../platform/db/practice-tx.js';
import { ValidationProblem } from '../../platform/http/problem.js';
import { E164Phone } from './demographics.js';
import type { ClientDeps, ClientView } from './service.js';
import { clientView, mayReadDemographics } from './service.js';
import type { ClientRow } from './store.js';
import { CLIENT_COLUMNS, openDocument } from './store.js';

export interface ClientQuery {
  /** Exact match (case, accents and spacing ignored) on the first, last, full or preferred name. */
  name?: string;
  email?: string;
  phone?: string;
  status?: 'active' | 'discharged';
  limit: number;
  cursor?: string;
}

const BATCH = 200;

/** Cursor: the position (created_at as Postgres prints it, id) of the last client of a page. */
function encodeCursor(createdKey: string, id: string): string {
  return Buffer.from(`${createdKey}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdKey: string; id: string } {
  const [createdKey, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdKey || !id || !/^[0-9a-f-]{36}$/.test(id) || !/^[0-9: .+-]{10,40}$/.test(createdKey)) throw new ValidationProblem([{ field: 'querystring/cursor', message: 'not a cursor from a previous page' }]);
  return { createdKey, id };
}

/** The search as blind-index comparisons; a value that cannot be normalised is a 400 naming the parameter. */
async function searchFilter(tx: PracticeTx, deps: ClientDeps, q: ClientQuery): Promise<SQL> {
  const parts: SQL[] = [];
  try {
    if (q.name) {
      const h = await deps.cipher.blindIndex(tx, 'name', q.name);
      parts.push(sql`(c.first_name_bidx = ${h} or c.last_name_bidx = ${h} or c.full_name_bidx = ${h} or c.preferred_name_bidx = ${h})`);
    }
    if (q.email) parts.push(sql`c.email_bidx = ${await deps.cipher.blindIndex(tx, 'email', q.email)}`);
  } catch (err) {
    if (err instanceof NormalisationError) throw new ValidationProblem([{ field: q.email ? 'querystring/email' : 'querystring/name', message: 'cannot be searched for as given' }]);
    throw err;
  }
  if (q.phone) {
    const phone = E164Phone.safeParse(q.phone);
    if (!phone.success) throw new ValidationProblem([{ field: 'querystring/phone', message: 'not a valid phone number' }]);
    parts.push(sql`c.phone_bidx = ${await deps.cipher.blindIndex(tx, 'phone', phone.data)}`);
  }
  if (q.status) parts.push(sql`c.status = ${q.status}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/**
 * The clients the caller may see, oldest first, a page at a time. Each candidate's access facts are
 * read with it and put to can() (the same rule as opening one client); clinicians' candidates are
 * narrowed in SQL to their care team, grants and break-glass first. Only the clients returned are
 * decrypted, and each is audited as a read.
 */
export async function listClients(deps: ClientDeps, actor: Actor, q: ClientQuery): Promise<{ clients: ClientView[]; nextCursor: string | null }> {
  const now = deps.now();
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const filter = await searchFilter(tx, deps, q);
    const caseload =
      actor.role === 'clinician'
        ? sql`and (exists(select 1 from care_team_members t where t.client_id = c.id and t.user_id = ${actor.userId}) or g.can_view
                   or exists(select 1 from break_glass_grants b where b.client_id = c.id and b.user_id = ${actor.userId} and b.closed_at is null and b.expires_at > ${now.toISOString()}::timestamptz))`
        : sql``;
    let after = q.cursor ? decodeCursor(q.cursor) : null;
    const visible: (ClientRow & { created_key: string })[] = [];
    let more = false;
    for (;;) {
      const rows = await tx.rows<ClientRow & ClientFactsRow & { created_key: string }>(sql`
        select ${CLIENT_COLUMNS}, c.created_at::text as created_key, ${clientFactsColumns(sql`c.id`, actor.userId, now)}
          from clients c ${clientGrantJoin(sql`c.id`, actor.userId)}
         where ${filter} ${caseload}
           ${after ? sql`and (c.created_at, c.id) > (${after.createdKey}::timestamptz, ${after.id}::uuid)` : sql``}
         order by c.created_at, c.id
         limit ${BATCH}`);
      for (const row of rows) {
        if (!mayReadDemographics(actor, tx.practiceId, row.id, factsFromRow(true, row))) continue;
        if (visible.length === q.limit) {
          more = true;
          break;
        }
        visible.push(row);
      }
      if (more || rows.length < BATCH) break;
      const last = rows.at(-1)!;
      after = { createdKey: last.created_key, id: last.id };
    }
    const clients: ClientView[] = [];
    for (const row of visible) {
      clients.push(clientView(row, await openDocument(tx, deps.cipher, row), now));
      tx.audit({ action: 'read', resourceType: 'client_demographics', resourceId: row.id, subjectClientId: row.id, purposeOfUse: actor.role === 'clinician' ? 'treatment' : 'operations' });
    }
    const last = visible.at(-1);
    return { clients, nextCursor: more && last ? encodeCursor(last.created_key, last.id) : null };
  });
}
