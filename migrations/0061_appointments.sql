-- Appointments (issue 6): who (clinician, client), when, how (in person or telehealth) and what
-- became of it. No reason or note here: clinical text belongs to the notes module. The location
-- (a room, an address or a telehealth link) can identify the client, so it is ciphertext.
-- Overlaps for one clinician are refused by the service, which serialises a clinician's bookings on
-- that clinician's membership row (select ... for update) before checking.
-- Never deleted: a cancelled appointment keeps its row (status 'cancelled').
create table appointments (
  practice_id uuid not null,
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  clinician_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  modality text not null check (modality in ('in_person', 'telehealth')),
  location ciphertext,
  status text not null default 'scheduled' check (status in ('scheduled', 'completed', 'cancelled', 'no_show')),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (practice_id, id),
  foreign key (practice_id, client_id) references practice_clients (practice_id, client_id),
  foreign key (practice_id, clinician_id) references memberships (practice_id, user_id),
  check (ends_at > starts_at and ends_at <= starts_at + interval '12 hours')
);
create index appointments_clinician_time on appointments (practice_id, clinician_id, starts_at);
create index appointments_time on appointments (practice_id, starts_at);
create index appointments_client on appointments (practice_id, client_id, starts_at);
select confidant_tenant_table('appointments');
revoke delete on appointments from confidant_tenant;
