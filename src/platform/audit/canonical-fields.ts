/**
 * The fields of an event's canonical form in hashing order, and the chain's start (canonical.ts,
 * docs/SECURITY.md "Audit trail"). Apart from canonical.ts so the verify threads load no SQL library.
 */
export const CANONICAL_FIELDS = [
  'practice_id',
  'id',
  'occurred_at',
  'actor_user_id',
  'actor_role',
  'session_id',
  'source_ip',
  'user_agent',
  'action',
  'resource_type',
  'resource_id',
  'subject_client_id',
  'purpose_of_use',
  'outcome',
  'request_id',
] as const;

/** The chain value before the first event of every stream. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32, 0);
