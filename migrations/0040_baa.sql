-- Business Associate Agreements (45 CFR 164.502(e), 164.504(e)). The operator records each change of
-- a practice's BAA; the latest record is the agreement's current state and earlier ones stay as its
-- history (append-only: the application may insert and read, never change or delete).
-- A tenant table: the operator writes it inside the practice's transaction; the gate in front of
-- every PHI route reads the current status through confidant_practice_baa_status().
create table practice_baa_records (
  practice_id uuid not null references practices (id),
  id uuid not null default gen_random_uuid(),
  status text not null check (status in ('none', 'pending', 'executed', 'terminated')),
  -- Executed: the date it takes effect; terminated: the date it ends.
  effective_date date,
  -- Who signed for the practice: a business contact, not a client.
  signatory text check (length(signatory) between 1 and 200),
  document_sha256 text check (document_sha256 ~ '^[0-9a-f]{64}$'),
  recorded_by uuid not null references users (id),
  recorded_at timestamptz not null default clock_timestamp(),
  check (status not in ('executed', 'terminated') or effective_date is not null),
  check (status <> 'executed' or (signatory is not null and document_sha256 is not null)),
  primary key (practice_id, id)
);
create index practice_baa_latest on practice_baa_records (practice_id, recorded_at desc);
select confidant_tenant_table('practice_baa_records');
revoke update, delete on practice_baa_records from confidant_tenant;

-- The gate runs before the request's own transaction: the current status only, for one practice
-- (owner-only select policy as for memberships in 0030).
create policy baa_gate_lookup on practice_baa_records for select to confidant_owner using (true);
create function confidant_practice_baa_status(pid uuid) returns text
  language sql stable security definer set search_path = public
  as $$ select coalesce((select status from practice_baa_records where practice_id = pid
                          order by recorded_at desc, id desc limit 1), 'none') $$;
revoke all on function confidant_practice_baa_status(uuid) from public;
grant execute on function confidant_practice_baa_status(uuid) to confidant_app;

create function confidant_refuse_baa_change() returns trigger language plpgsql as $$
begin
  raise exception 'BAA records are append-only' using errcode = '42501';
end $$;
create trigger practice_baa_records_append_only before update or delete on practice_baa_records
  for each row execute function confidant_refuse_baa_change();
create trigger practice_baa_records_no_truncate before truncate on practice_baa_records
  for each statement execute function confidant_refuse_baa_change();
