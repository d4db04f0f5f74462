-- Measurement-based care (issue 6): administrations of standardised instruments (PHQ-9, GAD-7,
-- PCL-5 and any a licensed practice adds), the crisis alerts they raise, and client consents.
-- Clinical content is ciphertext (answers, scores, the answer behind an alert); the plain columns are
-- ids, codes and times, needed to list, filter and order rows, and reachable only through RLS, the
-- access policy and the audit trail (docs/ASSESSMENTS.md, "What is encrypted").

create table assessment_administrations (
  practice_id uuid not null,
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  instrument_id text not null check (instrument_id ~ '^[a-z0-9-]{2,40}$'),
  instrument_version text not null check (length(instrument_version) between 1 and 40),
  administered_at timestamptz not null,
  -- Who recorded it: a clinician in session, or staff keying in a paper form the client filled in.
  -- 'client_portal' is reserved for the portal's self-report path.
  method text not null check (method in ('in_session', 'paper_form', 'client_portal')),
  administered_by uuid not null,
  -- JSON of the item answers, encrypted as one field.
  answers ciphertext not null,
  -- JSON of the score (total, band, cluster scores, provisional-diagnosis rule, cut-point): a total
  -- or band says as much about the client as the answers, so it is encrypted too.
  score ciphertext not null,
  recorded_at timestamptz not null default now(),
  primary key (practice_id, id),
  foreign key (practice_id, client_id) references practice_clients (practice_id, client_id),
  foreign key (practice_id, administered_by) references memberships (practice_id, user_id)
);
create index assessment_administrations_by_client on assessment_administrations (practice_id, client_id, instrument_id, administered_at);
select confidant_tenant_table('assessment_administrations');
-- An administration is a clinical record: kept as recorded, never changed or deleted by the application.
revoke update, delete on assessment_administrations from confidant_tenant;

-- A crisis alert (e.g. PHQ-9 item 9 above zero) to the care team, with its evidence. Confidant
-- contacts no one by itself: the alert is shown to clinicians, who act.
create table crisis_alerts (
  practice_id uuid not null,
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  administration_id uuid not null,
  kind text not null check (kind in ('crisis')),
  -- The item of the instrument (e.g. 'q9'): a code from the instrument definition.
  item_id text not null check (item_id ~ '^[a-z0-9_]{1,40}$'),
  -- The answer value that raised it, encrypted like the answers it comes from.
  answer_value ciphertext not null,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  raised_at timestamptz not null,
  acknowledged_by uuid,
  acknowledged_at timestamptz,
  acknowledge_code text check (acknowledge_code ~ '^[a-z_]{2,40}$'),
  resolved_by uuid,
  resolved_at timestamptz,
  resolve_code text check (resolve_code ~ '^[a-z_]{2,40}$'),
  primary key (practice_id, id),
  foreign key (practice_id, client_id) references practice_clients (practice_id, client_id),
  foreign key (practice_id, administration_id) references assessment_administrations (practice_id, id),
  foreign key (practice_id, acknowledged_by) references memberships (practice_id, user_id),
  foreign key (practice_id, resolved_by) references memberships (practice_id, user_id),
  check ((acknowledged_at is null) = (acknowledged_by is null) and (acknowledged_at is null) = (acknowledge_code is null)),
  check ((resolved_at is null) = (resolved_by is null) and (resolved_at is null) = (resolve_code is null)),
  check (status <> 'acknowledged' or acknowledged_at is not null),
  check (status <> 'resolved' or resolved_at is not null)
);
create index crisis_alerts_by_status on crisis_alerts (practice_id, status, raised_at);
create index crisis_alerts_by_client on crisis_alerts (practice_id, client_id, raised_at);
select confidant_tenant_table('crisis_alerts');
-- Alerts move through their states (update) but are never removed.
revoke delete on crisis_alerts from confidant_tenant;

-- Consents (45 CFR 164.508 authorizations, 164.522(b) SMS requests, 42 CFR Part 2, recording, AI).
-- Append-only history: a withdrawal is a new record, nothing is changed or removed.
create table consent_records (
  practice_id uuid not null,
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  kind text not null check (kind ~ '^[a-z0-9_]{2,40}$'),
  decision text not null check (decision in ('granted', 'withdrawn')),
  -- The version of the consent text the client was shown (granted) or withdrew from.
  consent_version integer not null check (consent_version >= 1),
  method text not null check (method in ('written', 'electronic', 'verbal', 'portal')),
  given_by text not null check (given_by in ('client', 'personal_representative')),
  -- When the client gave or withdrew it (may precede recording, e.g. a paper form).
  decided_at timestamptz not null,
  expires_at timestamptz,
  recorded_by uuid not null,
  recorded_at timestamptz not null default now(),
  primary key (practice_id, id),
  foreign key (practice_id, client_id) references practice_clients (practice_id, client_id),
  foreign key (practice_id, recorded_by) references memberships (practice_id, user_id),
  check (decision = 'granted' or expires_at is null)
);
create index consent_records_by_client on consent_records (practice_id, client_id, kind, decided_at);
select confidant_tenant_table('consent_records');
revoke update, delete on consent_records from confidant_tenant;
