-- Clinical records, part 1 (issue 6): client records with encrypted demographics, per-client
-- restrictions (45 CFR 164.522(a)), and the client foreign keys promised by 0030.

-- Every client id already used (care teams, grants, break-glass) was first registered in
-- practice_clients by the service that used it, so these foreign keys hold for existing rows. Adding
-- a foreign key checks every row; an orphan would stop the migration here with a clear message.
do $$
begin
  if exists (select 1 from care_team_members t where not exists (select 1 from practice_clients p where p.practice_id = t.practice_id and p.client_id = t.client_id))
     or exists (select 1 from client_grants g where not exists (select 1 from practice_clients p where p.practice_id = g.practice_id and p.client_id = g.client_id))
     or exists (select 1 from break_glass_grants b where not exists (select 1 from practice_clients p where p.practice_id = b.practice_id and p.client_id = b.client_id)) then
    raise exception 'care team, grant or break-glass rows name a client id that is not in practice_clients; register those ids in practice_clients (or remove the rows) before migrating';
  end if;
end
$$;
alter table care_team_members add foreign key (practice_id, client_id) references practice_clients (practice_id, client_id);
alter table client_grants add foreign key (practice_id, client_id) references practice_clients (practice_id, client_id);
alter table break_glass_grants add foreign key (practice_id, client_id) references practice_clients (practice_id, client_id);

-- One client record per practice_clients id (same id). All demographics and contact preferences
-- are one encrypted JSON document (field cipher, AAD = clients.demographics.<id>.<practice>); the
-- blind indexes are HMACs of normalised values with the practice's index key, for exact-match
-- search by name (first, last, full, preferred), email and phone.
-- Retention: client records are never deleted by the application (the tenant role has no DELETE
-- here); discharge ends care and keeps the record (docs/CLIENTS.md, "Retention").
create table clients (
  practice_id uuid not null,
  id uuid not null,
  demographics ciphertext not null,
  first_name_bidx blind_index not null,
  last_name_bidx blind_index not null,
  full_name_bidx blind_index not null,
  preferred_name_bidx blind_index,
  email_bidx blind_index,
  phone_bidx blind_index,
  status text not null default 'active' check (status in ('active', 'discharged')),
  discharged_on date,
  discharge_reason text check (discharge_reason in ('treatment_completed', 'client_request', 'referred_out', 'no_contact', 'moved', 'deceased', 'other')),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (practice_id, id),
  foreign key (practice_id, id) references practice_clients (practice_id, client_id),
  check ((status = 'discharged') = (discharged_on is not null) and (discharged_on is null) = (discharge_reason is null))
);
create index clients_first_name on clients (practice_id, first_name_bidx);
create index clients_last_name on clients (practice_id, last_name_bidx);
create index clients_full_name on clients (practice_id, full_name_bidx);
create index clients_preferred_name on clients (practice_id, preferred_name_bidx) where preferred_name_bidx is not null;
create index clients_email on clients (practice_id, email_bidx) where email_bidx is not null;
create index clients_phone on clients (practice_id, phone_bidx) where phone_bidx is not null;
create index clients_listing on clients (practice_id, created_at, id);
select confidant_tenant_table('clients');
revoke delete on clients from confidant_tenant;

-- Restrictions a client asked for and the practice agreed to (164.522(a)(1)). Codes and ids only.
-- kind exclude_member: that member never reaches the client; care_team_only: only the care team
-- and explicit per-client grant holders do (the owner too loses practice-wide reach). Break-glass
-- still opens either: 164.522(a)(1)(iii) lets restricted PHI be used for emergency treatment.
-- Lifting keeps the row (lifted_at, lifted_by, lift_reason): restrictions are documented for six
-- years (164.522(a)(3), 164.530(j)).
create table client_restrictions (
  practice_id uuid not null,
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  kind text not null check (kind in ('exclude_member', 'care_team_only')),
  member_id uuid,
  agreed_on date not null,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  lifted_at timestamptz,
  lifted_by uuid,
  lift_reason text check (lift_reason in ('client_request', 'client_agreed', 'practice_notice')),
  primary key (practice_id, id),
  foreign key (practice_id, client_id) references practice_clients (practice_id, client_id),
  foreign key (practice_id, member_id) references memberships (practice_id, user_id),
  check ((kind = 'exclude_member') = (member_id is not null)),
  check ((lifted_at is null) = (lifted_by is null) and (lifted_at is null) = (lift_reason is null))
);
create unique index client_restrictions_one_active on client_restrictions (practice_id, client_id, kind, coalesce(member_id, '00000000-0000-0000-0000-000000000000'))
  where lifted_at is null;
create index client_restrictions_active on client_restrictions (practice_id, client_id) where lifted_at is null;
select confidant_tenant_table('client_restrictions');
revoke delete on client_restrictions from confidant_tenant;
