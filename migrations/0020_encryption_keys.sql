-- Encryption at rest: per-practice data keys and the column types of encrypted fields.

-- Data keys (DEK) of a practice, wrapped (AES-256-GCM) by the practice's key-encryption key, which
-- lives in the keyring outside the database. purpose 'data' encrypts fields, 'index' keys the blind
-- indexes. One active version per purpose takes new writes; retired versions stay readable.
create table practice_keys (
  practice_id uuid not null references practices (id),
  purpose text not null check (purpose in ('data', 'index')),
  version integer not null check (version >= 1),
  wrapped_key bytea not null check (length(wrapped_key) = 60),
  kek_version integer not null check (kek_version >= 1),
  status text not null default 'active' check (status in ('active', 'retired')),
  created_at timestamptz not null default now(),
  primary key (practice_id, purpose, version)
);
select confidant_tenant_table('practice_keys');
create unique index practice_keys_one_active on practice_keys (practice_id, purpose) where status = 'active';

-- Every PHI column has this type: a value that is not an encrypted field (format v1, see
-- src/platform/crypto/field-format.ts and docs/SECURITY.md) cannot be stored in it.
create domain ciphertext as text
  check (value ~ '^cf1\.k[1-9][0-9]{0,8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$');

-- Blind index values (HMAC-SHA256 with the practice's index key) for exact-match lookup.
create domain blind_index as text
  check (value ~ '^bi1\.k[1-9][0-9]{0,8}\.[A-Za-z0-9_-]{43}$');
