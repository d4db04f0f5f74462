import { sql } from 'drizzle-orm';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { PracticeTx } from '../../platform/db/practice-tx.js';
import type { ClientDocument, DischargeReason } from './record.js';

/**
 * The clients table's SQL, and nothing else: encryption of the document, its blind indexes and the
 * practice_clients registration that makes the id this practice's. Callers run it inside
 * withPracticeTx and do the authorization and auditing.
 */
export interface ClientRow {
  id: string;
  demographics: string;
  status: 'active' | 'discharged';
  discharged_on: string | null;
  discharge_reason: DischargeReason | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export const CLIENT_COLUMNS = sql`c.id, c.demographics, c.status, c.discharged_on::text as discharged_on, c.discharge_reason, c.created_at, c.updated_at`;

const ref = (tx: PracticeTx, id: string): { table: string; column: string; rowId: string; practiceId: string } => ({ table: 'clients', column: 'demographics', rowId: id, practiceId: tx.practiceId });

interface Indexes {
  first: string;
  last: string;
  full: string;
  preferred: string | null;
  email: string | null;
  phone: string | null;
}

async function indexesOf(tx: PracticeTx, cipher: FieldCipher, doc: ClientDocument): Promise<Indexes> {
  return {
    first: await cipher.blindIndex(tx, 'name', doc.legalFirstName),
    last: await cipher.blindIndex(tx, 'name', doc.legalLastName),
    full: await cipher.blindIndex(tx, 'name', `${doc.legalFirstName} ${doc.legalLastName}`),
    preferred: doc.preferredName ? await cipher.blindIndex(tx, 'name', doc.preferredName) : null,
    email: doc.email ? await cipher.blindIndex(tx, 'email', doc.email) : null,
    phone: doc.phone ? await cipher.blindIndex(tx, 'phone', doc.phone) : null,
  };
}

/** Registers the id in practice_clients and writes the encrypted record, in the caller's transaction. */
export async function insertClient(tx: PracticeTx, cipher: FieldCipher, id: string, doc: ClientDocument, createdBy: string | null): Promise<void> {
  const sealed = await cipher.encrypt(tx, ref(tx, id), JSON.stringify(doc));
  const ix = await indexesOf(tx, cipher, doc);
  await tx.rows(sql`insert into practice_clients (practice_id, client_id) values (${tx.practiceId}, ${id})`);
  await tx.rows(sql`insert into clients (practice_id, id, demographics, first_name_bidx, last_name_bidx, full_name_bidx, preferred_name_bidx, email_bidx, phone_bidx, created_by)
    values (${tx.practiceId}, ${id}, ${sealed}, ${ix.first}, ${ix.last}, ${ix.full}, ${ix.preferred}, ${ix.email}, ${ix.phone}, ${createdBy})`);
}

export async function rewriteClient(tx: PracticeTx, cipher: FieldCipher, id: string, doc: ClientDocument, now: Date): Promise<void> {
  const sealed = await cipher.encrypt(tx, ref(tx, id), JSON.stringify(doc));
  const ix = await indexesOf(tx, cipher, doc);
  await tx.rows(sql`update clients set demographics = ${sealed}, first_name_bidx = ${ix.first}, last_name_bidx = ${ix.last}, full_name_bidx = ${ix.full},
      preferred_name_bidx = ${ix.preferred}, email_bidx = ${ix.email}, phone_bidx = ${ix.phone}, updated_at = ${now.toISOString()}::timestamptz
    where id = ${id}`);
}

/** The row, locked for update when `forUpdate` (so two edits of one client apply one after the other). */
export async function selectClient(tx: PracticeTx, id: string, forUpdate = false): Promise<ClientRow | undefined> {
  const [row] = await tx.rows<ClientRow>(sql`select ${CLIENT_COLUMNS} from clients c where c.id = ${id} ${forUpdate ? sql`for update` : sql``}`);
  return row;
}

export async function openDocument(tx: PracticeTx, cipher: FieldCipher, row: Pick<ClientRow, 'id' | 'demographics'>): Promise<ClientDocument> {
  return JSON.parse(await cipher.decrypt(tx, ref(tx, row.id), row.demographics)) as ClientDocument;
}

export async function setStatus(tx: PracticeTx, id: string, change: { status: 'active' } | { status: 'discharged'; on: string; reason: DischargeReason }, now: Date): Promise<void> {
  await tx.rows(sql`update clients set status = ${change.status},
      discharged_on = ${change.status === 'discharged' ? change.on : null}::date,
      discharge_reason = ${change.status === 'discharged' ? change.reason : null},
      updated_at = ${now.toISOString()}::timestamptz
    where id = ${id}`);
}

/** Ids of this practice's clients whose email blind index is one of `emails` (import duplicates). */
export async function clientsWithEmailIndex(tx: PracticeTx, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await tx.rows<{ email_bidx: string }>(sql`select email_bidx from clients where email_bidx in (select jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb))`);
  return new Set(rows.map((r) => r.email_bidx));
}
