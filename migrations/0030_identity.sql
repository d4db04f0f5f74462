-- Identity and access: users, credentials, MFA, sessions, memberships, invitations, care teams,
-- per-client grants, break-glass and security events.
--
-- Users, their credentials and their sessions are installation-level: a user can belong to several
-- practices and must be found (login, session lookup) before any practice is known. Everything that
-- belongs to one practice is a tenant table (practice_id in the primary key and every foreign key).

create table users (
  id uuid primary key default gen_random_uuid(),
  -- Written and read only through src/platform/auth/user-email.ts: the encryption layer replaces
  -- email_lookup with a blind index and email_value with ciphertext there.
  email_lookup text not null unique check (length(email_lookup) between 3 and 512),
  email_value text not null check (length(email_value) between 3 and 4096),
  display_name text not null check (length(display_name) between 1 and 4096),
  status text not null default 'active' check (status in ('active', 'deactivated')),
  is_operator_admin boolean not null default false,
  password_hash text,
  password_changed_at timestamptz,
  created_at timestamptz not null default now()
);
grant select, insert, update on users to confidant_app;
-- Member lists join display names; nothing else about a user is needed inside a practice.
grant select (id, display_name, status) on users to confidant_tenant;

-- TOTP (RFC 6238). last_step refuses a code that was already used.
create table user_totp (
  user_id uuid primary key references users (id),
  secret text not null,
  confirmed_at timestamptz,
  last_step bigint not null default 0,
  created_at timestamptz not null default now()
);
grant select, insert, update, delete on user_totp to confidant_app;

create table user_recovery_codes (
  user_id uuid not null references users (id),
  code_hash text not null,
  used_at timestamptz,
  primary key (user_id, code_hash)
);
grant select, insert, update, delete on user_recovery_codes to confidant_app;

-- Failed authentication attempts, counted over a window for the per-account lockout.
create table auth_failures (
  user_id uuid not null references users (id),
  id uuid not null default gen_random_uuid(),
  at timestamptz not null,
  primary key (user_id, id)
);
create index auth_failures_recent on auth_failures (user_id, at);
grant select, insert, delete on auth_failures to confidant_app;

create table account_lockouts (
  user_id uuid primary key references users (id),
  locked_until timestamptz not null
);
grant select, insert, update, delete on account_lockouts to confidant_app;

-- Opaque session tokens: only the SHA-256 of the token is kept.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users (id),
  created_at timestamptz not null,
  last_used_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  active_practice_id uuid references practices (id),
  -- Copied from the active practice's settings when it is chosen (default 15, practice range 5-60).
  idle_minutes integer not null default 15 check (idle_minutes between 5 and 60),
  mfa_verified boolean not null default false,
  ip text,
  user_agent text check (length(user_agent) <= 512),
  revoked_at timestamptz,
  revoked_reason text check (revoked_reason ~ '^[a-z_]{2,40}$')
);
create index sessions_user on sessions (user_id) where revoked_at is null;
grant select, insert, update on sessions to confidant_app;

-- Single-use password reset tokens (hashed).
create table password_reset_tokens (
  token_hash text primary key,
  user_id uuid not null references users (id),
  expires_at timestamptz not null,
  used_at timestamptz
);
grant select, insert, update on password_reset_tokens to confidant_app;

-- Membership = user x practice x role.
create table memberships (
  practice_id uuid not null references practices (id),
  user_id uuid not null references users (id),
  role text not null check (role in ('owner', 'clinician', 'staff', 'client', 'researcher')),
  status text not null default 'active' check (status in ('active', 'deactivated')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (practice_id, user_id)
);
select confidant_tenant_table('memberships');

-- A user's memberships across practices are needed before a practice is chosen (login, session
-- lookup). This function answers exactly that for one user, without granting the table itself. It
-- runs as the owner, which RLS also binds (forced); the owner-only select policy lets it read. The
-- owner owns these tables and could lift RLS anyway: no application role gains anything.
create policy identity_lookup on memberships for select to confidant_owner using (true);
create function confidant_user_memberships(uid uuid)
  returns table (practice_id uuid, role text, status text, practice_name text)
  language sql stable security definer set search_path = public
  as $$ select m.practice_id, m.role, m.status, p.name from memberships m join practices p on p.id = m.practice_id
         where m.user_id = uid and p.status = 'active' order by p.name $$;
revoke all on function confidant_user_memberships(uuid) from public;
grant execute on function confidant_user_memberships(uuid) to confidant_app;

create table invitations (
  practice_id uuid not null references practices (id),
  id uuid not null default gen_random_uuid(),
  email_lookup text not null check (length(email_lookup) between 3 and 512),
  role text not null check (role in ('owner', 'clinician', 'staff', 'client', 'researcher')),
  token_hash text not null unique,
  invited_by uuid references users (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_user_id uuid references users (id),
  revoked_at timestamptz,
  primary key (practice_id, id)
);
select confidant_tenant_table('invitations');

-- An invitation link carries only its token; this finds the practice to open the transaction in
-- (owner-only select policy as for memberships above).
create policy identity_lookup on invitations for select to confidant_owner using (true);
create function confidant_invitation_practice(hash text) returns uuid
  language sql stable security definer set search_path = public
  as $$ select practice_id from invitations where token_hash = hash $$;
revoke all on function confidant_invitation_practice(text) from public;
grant execute on function confidant_invitation_practice(text) to confidant_app;

-- client_id references clients(practice_id, id) once the clinical-records migration creates that
-- table; that migration adds the foreign keys of these three tables.
create table care_team_members (
  practice_id uuid not null,
  client_id uuid not null,
  user_id uuid not null,
  added_by uuid,
  created_at timestamptz not null default now(),
  primary key (practice_id, client_id, user_id),
  foreign key (practice_id, user_id) references memberships (practice_id, user_id)
);
select confidant_tenant_table('care_team_members');

create table client_grants (
  practice_id uuid not null,
  client_id uuid not null,
  user_id uuid not null,
  can_view boolean not null default false,
  can_edit boolean not null default false,
  can_export boolean not null default false,
  can_push boolean not null default false,
  granted_by uuid,
  updated_at timestamptz not null default now(),
  primary key (practice_id, client_id, user_id),
  foreign key (practice_id, user_id) references memberships (practice_id, user_id)
);
select confidant_tenant_table('client_grants');

-- Break-glass: time-boxed emergency access to one client with a written reason. user_id is not a
-- membership foreign key: an operator admin holds no membership.
create table break_glass_grants (
  practice_id uuid not null references practices (id),
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  user_id uuid not null references users (id),
  reason text not null check (length(reason) between 10 and 2000),
  opened_at timestamptz not null,
  expires_at timestamptz not null,
  closed_at timestamptz,
  check (expires_at > opened_at and expires_at <= opened_at + interval '60 minutes'),
  primary key (practice_id, id)
);
create index break_glass_active on break_glass_grants (practice_id, client_id, user_id, expires_at);
select confidant_tenant_table('break_glass_grants');

-- Security events (lockouts, repeated failures). A practice's events sit in its stream; the
-- installation's (for operator admins) under the all-zero practice id, like audit_events.
create table security_events (
  practice_id uuid not null,
  id uuid not null default gen_random_uuid(),
  occurred_at timestamptz not null,
  kind text not null check (kind ~ '^[a-z_]{2,40}$'),
  user_id uuid,
  source_ip text,
  detail text check (length(detail) <= 500),
  primary key (practice_id, id)
);
create index security_events_recent on security_events (practice_id, occurred_at desc);
select confidant_tenant_table('security_events');

-- Which practice a client id belongs to, until the clinical-records migration creates `clients`
-- (it then fills this from clients or replaces it, and adds the client foreign keys above). A client
-- id belongs to exactly one practice: ids are never shared, so a member of another practice can
-- neither reach nor claim it.
create table practice_clients (
  practice_id uuid not null references practices (id),
  client_id uuid not null unique,
  created_at timestamptz not null default now(),
  primary key (practice_id, client_id)
);
select confidant_tenant_table('practice_clients');
create policy identity_lookup on practice_clients for select to confidant_owner using (true);

-- The practice of a client id (or null), for authorization before the practice's own transaction:
-- an id of another practice is answered 404 before anything else is looked at.
create function confidant_client_practice(cid uuid) returns uuid
  language sql stable security definer set search_path = public
  as $$ select practice_id from practice_clients where client_id = cid $$;
revoke all on function confidant_client_practice(uuid) from public;
grant execute on function confidant_client_practice(uuid) to confidant_app;
