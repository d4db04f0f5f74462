import { hash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { CANONICAL_FIELDS } from './canonical-fields.js';

/**
 * The canonical form of an audit event, which the seal hashes. docs/SECURITY.md "Audit trail"
 * specifies it byte for byte so an independent program can verify an export; change nothing here
 * (nor in canonical-fields.ts) without a new format version.
 */
export { CANONICAL_FIELDS, GENESIS_HASH } from './canonical-fields.js';

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];
export type CanonicalEvent = Record<CanonicalField, string | null>;

const LEAF_DOMAIN = Buffer.from('confidant-audit-event-v1\n', 'utf8');
const CHAIN_DOMAIN = Buffer.from('confidant-audit-chain-v1\n', 'utf8');
const NULL_LENGTH = 0xffffffff;

/**
 * Every field as text exactly as it is hashed: uuids lower-case, occurred_at in UTC with
 * microseconds (`2026-01-31T09:05:07.123456Z`), so the JS Date's millisecond precision never enters.
 */
export const canonicalColumns = (alias = 'e'): SQL =>
  sql.raw(`${alias}.practice_id::text as practice_id, ${alias}.id::text as id,
    to_char(${alias}.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
    ${alias}.actor_user_id::text as actor_user_id, ${alias}.actor_role, ${alias}.session_id, ${alias}.source_ip,
    ${alias}.user_agent, ${alias}.action, ${alias}.resource_type, ${alias}.resource_id,
    ${alias}.subject_client_id::text as subject_client_id, ${alias}.purpose_of_use, ${alias}.outcome, ${alias}.request_id`);

/** Length-prefixed fields: 4-byte big-endian UTF-8 length then the bytes; NULL is length 0xFFFFFFFF with no bytes. */
export function canonicalBytes(event: CanonicalEvent): Buffer {
  // One allocation per event: verify runs this for every event of a six-year trail.
  let size = LEAF_DOMAIN.length;
  const lengths: number[] = [];
  for (const field of CANONICAL_FIELDS) {
    const value = event[field];
    const len = value === null || value === undefined ? -1 : Buffer.byteLength(value, 'utf8');
    lengths.push(len);
    size += 4 + Math.max(len, 0);
  }
  const out = Buffer.allocUnsafe(size);
  let offset = LEAF_DOMAIN.copy(out, 0);
  for (let i = 0; i < CANONICAL_FIELDS.length; i++) {
    const len = lengths[i]!;
    offset = out.writeUInt32BE(len < 0 ? NULL_LENGTH : len, offset);
    if (len > 0) offset += out.write(event[CANONICAL_FIELDS[i]!]!, offset, 'utf8');
  }
  return out;
}

export function leafHash(event: CanonicalEvent): Buffer {
  return hash('sha256', canonicalBytes(event), 'buffer');
}

/** chain_n = SHA-256(domain || chain_{n-1} || seq_n as 8-byte big-endian || leaf_n). */
export function chainHash(previous: Buffer, seq: number, leaf: Buffer): Buffer {
  const input = Buffer.allocUnsafe(CHAIN_DOMAIN.length + 32 + 8 + 32);
  let offset = CHAIN_DOMAIN.copy(input, 0);
  offset += previous.copy(input, offset);
  // seq < 2^53: high and low 32-bit words, big-endian.
  offset = input.writeUInt32BE(Math.floor(seq / 2 ** 32), offset);
  offset = input.writeUInt32BE(seq >>> 0, offset);
  leaf.copy(input, offset);
  return hash('sha256', input, 'buffer');
}
