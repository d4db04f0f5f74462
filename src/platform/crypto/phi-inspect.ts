import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import { FIELD_PATTERN } from './field-format.js';
import type { PhiColumn } from './phi-columns.js';
import { PHI_COLUMNS, PHI_LOOKALIKE_ALLOWLIST, looksLikePhi } from './phi-columns.js';

export interface PhiSchemaOptions {
  registry?: readonly PhiColumn[];
  allowlist?: readonly { table: string; column: string }[];
}

const key = (t: string, c: string): string => `${t}.${c}`;

/**
 * Catalog check (no data read): every registered PHI column exists with the `ciphertext` type, and no
 * column that looks like PHI is left unregistered and unexplained, in tenant tables and in
 * installation-level tables (accounts) alike.
 */
export async function inspectPhiSchema(db: SqlRunner, opts: PhiSchemaOptions = {}): Promise<string[]> {
  const registry = opts.registry ?? PHI_COLUMNS;
  const allow = new Set((opts.allowlist ?? PHI_LOOKALIKE_ALLOWLIST).map((a) => key(a.table, a.column)));
  const columns = await db.rows<{ table: string; column: string; type: string }>(sql`
    select c.relname::text as table, a.attname::text as column, t.typname::text as type
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_type t on t.oid = a.atttypid
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by c.relname, a.attnum`);
  const byKey = new Map(columns.map((c) => [key(c.table, c.column), c]));
  const registered = new Set(registry.map((r) => key(r.table, r.column)));
  const problems: string[] = [];
  for (const r of registry) {
    const c = byKey.get(key(r.table, r.column));
    if (!c) problems.push(`${key(r.table, r.column)} is registered as PHI but does not exist`);
    else if (c.type !== 'ciphertext') problems.push(`${key(r.table, r.column)} holds PHI (${r.holds}) but has type ${c.type}, not ciphertext`);
  }
  for (const c of columns) {
    const k = key(c.table, c.column);
    if (registered.has(k) || allow.has(k)) continue;
    if (looksLikePhi(c.column)) problems.push(`${k} looks like PHI: register it in PHI_COLUMNS (type ciphertext) or allowlist it with a reason`);
    if (c.column.endsWith('_bidx') && c.type !== 'blind_index') problems.push(`${k} is named as a blind index but has type ${c.type}, not blind_index`);
  }
  return problems;
}

/** The format as a Postgres regular expression (the same syntax, without the capture groups). */
export const FIELD_REGEX = FIELD_PATTERN.source.replace(/[()]/g, '');

/**
 * Data check: registered PHI columns holding anything but an encrypted field. Needs a role that sees
 * every practice's rows (a database superuser: the test suite, or an operator's audit with psql).
 */
export async function findPlaintextPhi(superuser: SqlRunner, registry: readonly PhiColumn[] = PHI_COLUMNS): Promise<string[]> {
  const problems: string[] = [];
  for (const r of registry) {
    const [row] = await superuser.rows<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(r.table)} where ${sql.identifier(r.column)} is not null and ${sql.identifier(r.column)}::text !~ ${FIELD_REGEX}`,
    );
    if ((row?.n ?? 0) > 0) problems.push(`${key(r.table, r.column)} has ${row!.n} value(s) not in the encrypted field format`);
  }
  return problems;
}
