-- Foundation: tenant machinery, practices, practice settings, first-start setup tokens, audit events.
-- Runs as confidant_owner (the migration runner switches role), so every object belongs to it.

-- The practice of the current transaction, set by withPracticeTx with set_config(..., true).
-- An unset or empty setting gives NULL, and NULL = practice_id is never true: nothing is visible.
create function app_practice_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.practice_id', true), '')::uuid $$;

-- Makes a table a tenant table: RLS enabled and forced, one policy per command comparing
-- practice_id with the transaction's practice, and the table's grants to the tenant role only.
create function confidant_tenant_table(tbl regclass) returns void
  language plpgsql
  as $$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format('alter table %s force row level security', tbl);
  execute format('create policy tenant_select on %s for select to confidant_tenant using (practice_id = app_practice_id())', tbl);
  execute format('create policy tenant_insert on %s for insert to confidant_tenant with check (practice_id = app_practice_id())', tbl);
  execute format('create policy tenant_update on %s for update to confidant_tenant using (practice_id = app_practice_id()) with check (practice_id = app_practice_id())', tbl);
  execute format('create policy tenant_delete on %s for delete to confidant_tenant using (practice_id = app_practice_id())', tbl);
  execute format('revoke all on %s from public, confidant_app', tbl);
  execute format('grant select, insert, update, delete on %s to confidant_tenant', tbl);
end
$$;
revoke all on function confidant_tenant_table(regclass) from public;

-- Installation-level: the operator creates practices; a practice's name is not PHI.
create table practices (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  status text not null default 'active' check (status in ('active', 'suspended', 'terminated')),
  created_at timestamptz not null default now()
);
grant select, insert, update on practices to confidant_app;
grant select on practices to confidant_tenant;

-- The first tenant table: per-practice settings.
create table practice_settings (
  practice_id uuid not null references practices (id),
  session_idle_minutes integer not null default 15 check (session_idle_minutes between 5 and 60),
  session_absolute_hours integer not null default 12 check (session_absolute_hours between 1 and 24),
  updated_at timestamptz not null default now(),
  primary key (practice_id)
);
select confidant_tenant_table('practice_settings');

-- One-time setup tokens printed at first start; only the SHA-256 of a token is kept.
create table installation_setup_tokens (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz
);
grant select, insert, update on installation_setup_tokens to confidant_app;

-- Audit events: one stream per practice; the installation stream uses the all-zero practice id.
-- Ids and codes only, never names or free text from requests.
create table audit_events (
  practice_id uuid not null,
  id uuid not null default gen_random_uuid(),
  occurred_at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  actor_role text,
  session_id text,
  source_ip text,
  user_agent text check (length(user_agent) <= 512),
  action text not null check (action ~ '^[a-z_]{2,40}$'),
  resource_type text not null check (resource_type ~ '^[a-z_]{2,40}$'),
  resource_id text check (length(resource_id) <= 100),
  subject_client_id uuid,
  purpose_of_use text check (purpose_of_use in ('treatment', 'payment', 'operations', 'client_request', 'legal', 'emergency')),
  outcome text not null check (outcome in ('success', 'denied', 'error')),
  request_id text check (length(request_id) <= 100),
  primary key (practice_id, id)
);
alter table audit_events enable row level security;
alter table audit_events force row level security;
create policy audit_select on audit_events for select to confidant_tenant using (practice_id = app_practice_id());
create policy audit_insert on audit_events for insert to confidant_tenant, confidant_app with check (practice_id = app_practice_id());
revoke all on audit_events from public;
grant select, insert on audit_events to confidant_tenant;
grant insert on audit_events to confidant_app;
create index audit_events_subject on audit_events (practice_id, subject_client_id, occurred_at) where subject_client_id is not null;
