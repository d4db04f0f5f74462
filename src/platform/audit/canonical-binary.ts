import { CANONICAL_FIELDS } from './canonical-fields.js';

/**
 * The canonical form of an event (canonical.ts, docs/SECURITY.md) built from the binary COPY form of
 * its 15 columns instead of their text forms: uuids arrive as 16 bytes, occurred_at as microseconds
 * since 2000-01-01 UTC, text as its UTF-8 bytes. It must give exactly the bytes `canonicalBytes`
 * gives for the text the sealer read (`canonicalColumns`); canonical-binary.db.test.ts compares them.
 */

const Kind = { Uuid: 0, Timestamp: 1, Text: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const KIND: Record<(typeof CANONICAL_FIELDS)[number], Kind> = {
  practice_id: Kind.Uuid,
  id: Kind.Uuid,
  occurred_at: Kind.Timestamp,
  actor_user_id: Kind.Uuid,
  actor_role: Kind.Text,
  session_id: Kind.Text,
  source_ip: Kind.Text,
  user_agent: Kind.Text,
  action: Kind.Text,
  resource_type: Kind.Text,
  resource_id: Kind.Text,
  subject_client_id: Kind.Uuid,
  purpose_of_use: Kind.Text,
  outcome: Kind.Text,
  request_id: Kind.Text,
};
const KINDS = CANONICAL_FIELDS.map((f) => KIND[f]);

/**
 * The fields as runs: a uuid, a timestamp, or consecutive text fields. In binary COPY a text field is
 * a 4-byte big-endian length (-1 for NULL) then its UTF-8 bytes, which is byte for byte its canonical
 * encoding (NULL is 0xFFFFFFFF there too), so a run of text fields is copied as one block.
 */
const RUNS: { kind: Kind; first: number; last: number }[] = [];
KINDS.forEach((kind, f) => {
  const run = RUNS.at(-1);
  if (kind === Kind.Text && run?.kind === Kind.Text && run.last === f - 1) run.last = f;
  else RUNS.push({ kind, first: f, last: f });
});
const RUN_KIND = Int32Array.from(RUNS, (r) => r.kind);
const RUN_FIRST = Int32Array.from(RUNS, (r) => r.first);
const RUN_LAST = Int32Array.from(RUNS, (r) => r.last);

/** The select list, in canonical order and native types, whose binary COPY output `CanonicalWriter` reads. */
export const canonicalBinaryColumns = (alias: string): string => CANONICAL_FIELDS.map((f) => `${alias}.${f}`).join(', ');

const LEAF_DOMAIN = Buffer.from('confidant-audit-event-v1\n', 'utf8');
const NULL_LENGTH = 0xffffffff;
const UUID_TEXT = 36;
const TIMESTAMP_TEXT = 27; // 2026-01-31T09:05:07.123456Z
const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** Seconds from 1970-01-01 to 2000-01-01, the Postgres epoch. */
const PG_EPOCH_SECONDS = 946_684_800;
/** The years the fast path formats (to_char and toISOString agree there); others fall back to SQL. */
const MIN_SECONDS = Date.UTC(1900, 0, 1) / 1000 - PG_EPOCH_SECONDS;
const MAX_SECONDS = Date.UTC(10000, 0, 1) / 1000 - PG_EPOCH_SECONDS;

/** Largest canonical form: fields are bounded by the table's checks (user agent 512 characters...). */
export const CANONICAL_SCRATCH_BYTES = 64 * 1024;

export class CanonicalWriter {
  private lastSecond = Number.NaN;
  /** "YYYY-MM-DDTHH:MM:SS" of lastSecond, as ASCII bytes. */
  private readonly secondText = Buffer.alloc(19);

  /**
   * Writes the canonical form of the row's fields `first .. first + 14` into `out` and returns its
   * length, or -1 when a value is outside what this fast path formats (a timestamp before 1900 or
   * after 9999, a field too large): the caller then takes the text form from SQL.
   */
  write(buf: Buffer, start: Int32Array, length: Int32Array, first: number, out: Buffer): number {
    for (let i = 0; i < LEAF_DOMAIN.length; i++) out[i] = LEAF_DOMAIN[i]!;
    let pos = LEAF_DOMAIN.length;
    for (let r = 0; r < RUN_KIND.length; r++) {
      const kind = RUN_KIND[r]!;
      if (kind === Kind.Text) {
        const from = start[first + RUN_FIRST[r]!]! - 4;
        const lastLength = length[first + RUN_LAST[r]!]!;
        const to = start[first + RUN_LAST[r]!]! + (lastLength > 0 ? lastLength : 0);
        if (pos + (to - from) > out.length) return -1;
        buf.copy(out, pos, from, to);
        pos += to - from;
        continue;
      }
      const s = start[first + RUN_FIRST[r]!]!;
      const len = length[first + RUN_FIRST[r]!]!;
      if (len < 0) {
        out.writeUInt32BE(NULL_LENGTH, pos);
        pos += 4;
        continue;
      }
      if (pos + 4 + UUID_TEXT > out.length) return -1;
      if (kind === Kind.Uuid) {
        if (len !== 16) return -1;
        out.writeUInt32BE(UUID_TEXT, pos);
        pos += 4;
        for (let i = 0; i < 16; i++) {
          if (i === 4 || i === 6 || i === 8 || i === 10) out[pos++] = 0x2d; // '-'
          const b = buf[s + i]!;
          out[pos++] = HEX[b >> 4]!;
          out[pos++] = HEX[b & 15]!;
        }
      } else {
        if (len !== 8) return -1;
        // int64 microseconds; hi * 2^32 + lo is exact for the years the fast path accepts.
        const micros = buf.readInt32BE(s) * 4294967296 + buf.readUInt32BE(s + 4);
        const second = Math.floor(micros / 1e6);
        if (second < MIN_SECONDS || second >= MAX_SECONDS) return -1;
        if (second !== this.lastSecond) {
          this.secondText.write(new Date((second + PG_EPOCH_SECONDS) * 1000).toISOString().slice(0, 19), 0, 'latin1');
          this.lastSecond = second;
        }
        out.writeUInt32BE(TIMESTAMP_TEXT, pos);
        pos += 4;
        const text = this.secondText;
        for (let i = 0; i < 19; i++) out[pos + i] = text[i]!;
        pos += 19;
        out[pos++] = 0x2e; // '.'
        let fraction = micros - second * 1e6;
        for (let i = 5; i >= 0; i--) {
          out[pos + i] = 0x30 + (fraction % 10);
          fraction = Math.floor(fraction / 10);
        }
        pos += 6;
        out[pos++] = 0x5a; // 'Z'
      }
    }
    return pos;
  }
}
