-- Audit trail: append-only enforcement, the per-practice hash-chain seal, signed checkpoints.
-- Format and algorithm: docs/SECURITY.md "Audit trail".

-- Refuses any change to a row once written. Grants already refuse UPDATE/DELETE/TRUNCATE to the
-- application and tenant roles; the trigger also stops the owner role (and anyone else who is not a
-- superuser disabling triggers, which the seal then exposes).
create function audit_refuse_change() returns trigger
  language plpgsql
  as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, lower(tg_op)
    using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_refuse_change();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function audit_refuse_change();

-- Search by time (owner and compliance routes, cursor pagination newest first).
create index audit_events_time on audit_events (practice_id, occurred_at, id);
-- The access report pages one client's events by (occurred_at, id): with id in the index the newest
-- page is a short backward index scan instead of a walk over the practice's whole time index.
drop index audit_events_subject;
create index audit_events_subject on audit_events (practice_id, subject_client_id, occurred_at, id) where subject_client_id is not null;

-- Work list of the sealer: every inserted event is queued by the trigger below in the inserting
-- transaction, so an event that commits late (after later-stamped events were sealed) is still
-- found and sealed on the next run. Only this table may lose rows: the sealer deletes the entries it
-- sealed, in the transaction that writes their seal rows.
create table audit_seal_queue (
  practice_id uuid not null,
  event_id uuid not null,
  -- Insertion order (not commit order): the sealer takes what it sees in this order, so a batch costs
  -- an index range scan however long the queue has grown.
  queued bigint generated always as identity,
  primary key (practice_id, event_id)
);
create index audit_seal_queue_order on audit_seal_queue (practice_id, queued);
alter table audit_seal_queue enable row level security;
alter table audit_seal_queue force row level security;
create policy queue_select on audit_seal_queue for select to confidant_tenant using (practice_id = app_practice_id());
create policy queue_delete on audit_seal_queue for delete to confidant_tenant using (practice_id = app_practice_id());
-- The queueing trigger runs as the owner (security definer) for inserts made by the app and tenant roles.
create policy queue_owner_insert on audit_seal_queue for insert to confidant_owner with check (true);
-- audit_pending_streams() (security definer, below) reads practice ids only.
create policy queue_owner_select on audit_seal_queue for select to confidant_owner using (true);
revoke all on audit_seal_queue from public, confidant_app;
grant select, delete on audit_seal_queue to confidant_tenant;

create function audit_queue_for_seal() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog, public
  as $$
begin
  insert into public.audit_seal_queue (practice_id, event_id) select practice_id, id from inserted order by occurred_at, id;
  return null;
end
$$;
revoke all on function audit_queue_for_seal() from public;

create trigger audit_events_queue after insert on audit_events
  referencing new table as inserted
  for each statement execute function audit_queue_for_seal();

-- The seal: one row per event, gap-free seq per practice starting at 1, in the order the sealer
-- first saw the events. leaf_hash = SHA-256 of the event's canonical form; chain_hash links each
-- row to the one before it.
create table audit_seal (
  practice_id uuid not null,
  seq bigint not null check (seq >= 1),
  event_id uuid not null,
  leaf_hash bytea not null check (length(leaf_hash) = 32),
  chain_hash bytea not null check (length(chain_hash) = 32),
  sealed_at timestamptz not null default now(),
  primary key (practice_id, seq),
  unique (practice_id, event_id)
);
alter table audit_seal enable row level security;
alter table audit_seal force row level security;
create policy seal_select on audit_seal for select to confidant_tenant using (practice_id = app_practice_id());
create policy seal_insert on audit_seal for insert to confidant_tenant with check (practice_id = app_practice_id());
revoke all on audit_seal from public, confidant_app;
grant select, insert on audit_seal to confidant_tenant;
create trigger audit_seal_no_update before update or delete on audit_seal
  for each row execute function audit_refuse_change();
create trigger audit_seal_no_truncate before truncate on audit_seal
  for each statement execute function audit_refuse_change();

-- Signed checkpoints: (stream, seq, chain hash at seq, time) signed with the installation's Ed25519 key.
create table audit_checkpoints (
  practice_id uuid not null,
  seq bigint not null check (seq >= 1),
  root_hash bytea not null check (length(root_hash) = 32),
  signed_at timestamptz not null,
  key_id text not null check (length(key_id) between 1 and 100),
  signature bytea not null check (length(signature) = 64),
  primary key (practice_id, seq)
);
alter table audit_checkpoints enable row level security;
alter table audit_checkpoints force row level security;
create policy checkpoint_select on audit_checkpoints for select to confidant_tenant using (practice_id = app_practice_id());
create policy checkpoint_insert on audit_checkpoints for insert to confidant_tenant with check (practice_id = app_practice_id());
revoke all on audit_checkpoints from public, confidant_app;
grant select, insert on audit_checkpoints to confidant_tenant;
create trigger audit_checkpoints_no_update before update or delete on audit_checkpoints
  for each row execute function audit_refuse_change();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
  for each statement execute function audit_refuse_change();

-- Events written before this migration are sealed on the sealer's first run.
insert into audit_seal_queue (practice_id, event_id) select practice_id, id from audit_events order by practice_id, occurred_at, id;

-- Which streams have events waiting, so an idle installation's sealer does not open a transaction per
-- practice every few seconds. Returns practice ids only; the queue stays invisible to the app role.
create function audit_pending_streams() returns setof uuid
  language sql
  stable
  security definer
  set search_path = pg_catalog, public
  as $$ select distinct practice_id from public.audit_seal_queue $$;
revoke all on function audit_pending_streams() from public;
grant execute on function audit_pending_streams() to confidant_app;
