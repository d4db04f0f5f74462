-- Business Associate Agreements (45 CFR 164.502(e), 164.504(e)). The operator records each change of
-- a practice's BAA; the latest record is the agreement's current state and earlier ones stay as its
-- history (append-only: the application may insert and read, never change or delete).
-- Installation-level like `practices`: the operator records it before the practice holds any PHI.
create table practice_baa_records (
  id uuid primary key default gen_random_uuid(),
  practice_id uuid not null references practices (id),
  status text not null check (status in ('none', 'pending', 'executed', 'terminated')),
  -- Executed: the date it takes effect; terminated: the date it ends.
  effective_date date,
  -- Who signed for the practice: a business contact, not a client.
  signatory text check (length(signatory) between 1 and 200),
  document_sha256 text check (document_sha256 ~ '^[0-9a-f]{64}$'),
  recorded_by uuid not null references users (id),
  recorded_at timestamptz not null default clock_timestamp(),
  check (status not in ('executed', 'terminated') or effective_date is not null),
  check (status <> 'executed' or (signatory is not null and document_sha256 is not null))
);
create index practice_baa_latest on practice_baa_records (practice_id, recorded_at desc);
grant select, insert on practice_baa_records to confidant_app;
grant select on practice_baa_records to confidant_tenant;

create function confidant_refuse_baa_change() returns trigger language plpgsql as $$
begin
  raise exception 'BAA records are append-only' using errcode = '42501';
end $$;
create trigger practice_baa_records_append_only before update or delete on practice_baa_records
  for each row execute function confidant_refuse_baa_change();
create trigger practice_baa_records_no_truncate before truncate on practice_baa_records
  for each statement execute function confidant_refuse_baa_change();
