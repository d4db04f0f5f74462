import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from './canonical.js';
import { CANONICAL_FIELDS, GENESIS_HASH, canonicalBytes, chainHash, leafHash } from './canonical.js';

const event: CanonicalEvent = {
  practice_id: '3f2a0c1e-0000-4000-8000-000000000001',
  id: '3f2a0c1e-0000-4000-8000-000000000002',
  occurred_at: '2026-03-01T10:00:00.123456Z',
  actor_user_id: null,
  actor_role: 'clinician',
  session_id: '',
  source_ip: '192.0.2.1',
  user_agent: 'Agent/1 (é)',
  action: 'read',
  resource_type: 'note',
  resource_id: 'n-1',
  subject_client_id: null,
  purpose_of_use: 'treatment',
  outcome: 'success',
  request_id: 'req-1',
};

describe('canonical form of an audit event', () => {
  it('is the domain line then each field length-prefixed, NULL as 0xFFFFFFFF', () => {
    const bytes = canonicalBytes(event);
    expect(bytes.subarray(0, 25).toString('utf8')).toBe('confidant-audit-event-v1\n');
    let offset = 25;
    for (const field of CANONICAL_FIELDS) {
      const len = bytes.readUInt32BE(offset);
      offset += 4;
      if (event[field] === null) {
        expect(len).toBe(0xffffffff);
        continue;
      }
      expect(bytes.subarray(offset, offset + len).toString('utf8')).toBe(event[field]);
      offset += len;
    }
    expect(offset).toBe(bytes.length);
    expect(leafHash(event).equals(createHash('sha256').update(bytes).digest())).toBe(true);
  });

  it('changes the leaf when any field changes, and tells NULL from an empty string', () => {
    const base = leafHash(event).toString('hex');
    for (const field of CANONICAL_FIELDS) {
      const changed = { ...event, [field]: event[field] === null ? '' : `${event[field]}x` };
      expect(leafHash(changed).toString('hex'), field).not.toBe(base);
    }
    expect(leafHash({ ...event, session_id: null }).toString('hex')).not.toBe(base);
  });

  it('chains with the domain, the previous hash, seq as 8 bytes and the leaf', () => {
    const leaf = leafHash(event);
    const seq = Buffer.alloc(8);
    seq.writeBigUInt64BE(5_000_000_000n);
    const expected = createHash('sha256').update('confidant-audit-chain-v1\n').update(GENESIS_HASH).update(seq).update(leaf).digest();
    expect(chainHash(GENESIS_HASH, 5_000_000_000, leaf).equals(expected)).toBe(true);
    expect(chainHash(GENESIS_HASH, 1, leaf).equals(chainHash(GENESIS_HASH, 2, leaf))).toBe(false);
  });
});
