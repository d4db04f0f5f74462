-- Clinical documents (issue 6): progress notes, psychotherapy notes (45 CFR 164.501) and treatment
-- plans. The three share one shape, handled by one piece of code (src/modules/notes/document-store.ts):
--
--   <documents>          one row per document: client, author, kind (original / addendum / amendment),
--                        the current version number and, once signed, signer, time and SHA-256;
--   <document>_versions one row per saved version: the whole content as one encrypted JSON field.
--
-- Every save is a new version row (autosave keeps all drafts). Signing fixes the document: the
-- triggers below refuse any change to a signed document or to any version (45 CFR 164.312(c)(1)),
-- whatever the role and whatever the application does. Later changes are new documents linked to
-- the signed one: an addendum (text appended) or an amendment (a corrected full version).
-- root_id is the original document of a chain (its own id for an original); grants on
-- psychotherapy notes are given on the root and cover its addenda and amendments.

-- A signed document cannot change. Columns named in the trigger's arguments are metadata that may
-- still change after signing (e.g. the psychotherapy note's AI opt-in, which is about use, not content).
create function confidant_refuse_signed_change() returns trigger language plpgsql as $$
declare
  old_row jsonb;
  new_row jsonb;
begin
  if tg_op = 'DELETE' then
    raise exception 'clinical documents are never deleted (%.%)', tg_table_name, old.id using errcode = '55000';
  end if;
  if old.signed_at is null then
    return new;
  end if;
  old_row := to_jsonb(old);
  new_row := to_jsonb(new);
  for i in 0 .. tg_nargs - 1 loop
    old_row := old_row - tg_argv[i];
    new_row := new_row - tg_argv[i];
  end loop;
  if old_row is distinct from new_row then
    raise exception 'a signed document is locked: write an addendum or an amendment (%.%)', tg_table_name, old.id using errcode = '55000';
  end if;
  return new;
end $$;

-- Versions are append-only; a new one is refused once its document is signed. The one update allowed
-- is key rotation (src/platform/crypto/rotation.ts): the content column alone, by the key-maintenance
-- role, to a newer data key version. It cannot change the text unnoticed: the signed SHA-256 covers
-- the plaintext, and the verify route recomputes it.
create function confidant_version_append_only() returns trigger language plpgsql as $$
declare
  locked boolean;
begin
  if tg_op = 'INSERT' then
    execute format('select signed_at is not null from %I where practice_id = $1 and id = $2', tg_argv[0])
      into locked using new.practice_id, new.document_id;
    if locked then
      raise exception 'a signed document is locked: write an addendum or an amendment (%)', new.document_id using errcode = '55000';
    end if;
    return new;
  end if;
  if tg_op = 'UPDATE'
     and current_setting('app.role', true) = 'system'
     and (to_jsonb(old) - 'content') = (to_jsonb(new) - 'content')
     and substring(new.content from '^cf1\.k([0-9]+)\.')::int > substring(old.content from '^cf1\.k([0-9]+)\.')::int then
    return new;
  end if;
  raise exception 'document versions are append-only (%.%)', tg_table_name, old.id using errcode = '55000';
end $$;

create function confidant_refuse_truncate() returns trigger language plpgsql as $$
begin
  raise exception 'clinical documents are never truncated (%)', tg_table_name using errcode = '55000';
end $$;

-- Progress notes (SOAP, DAP, BIRP, GIRP; addenda are free text).
create table progress_notes (
  practice_id uuid not null,
  id uuid not null,
  client_id uuid not null,
  -- The appointment the note documents. No foreign key yet: the appointments table is being built
  -- at the same time by the clinical-records core (issue 6); its migration adds
  -- foreign key (practice_id, appointment_id) references appointments (practice_id, id).
  appointment_id uuid,
  kind text not null check (kind in ('original', 'addendum', 'amendment')),
  format text not null check (format in ('soap', 'dap', 'birp', 'girp', 'addendum')),
  parent_id uuid,
  root_id uuid not null,
  -- 42 CFR Part 2: a substance-use-disorder record; left out of exports unless disclosed explicitly.
  part2 boolean not null default false,
  author_id uuid not null,
  current_version integer not null check (current_version >= 1),
  signed_by uuid,
  signed_at timestamptz,
  signed_version integer,
  content_sha256 text check (content_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (practice_id, id),
  foreign key (practice_id, client_id) references practice_clients (practice_id, client_id),
  foreign key (practice_id, author_id) references memberships (practice_id, user_id),
  foreign key (practice_id, parent_id) references progress_notes (practice_id, id),
  foreign key (practice_id, root_id) references progress_notes (practice_id, id) deferrable initially deferred,
  check ((kind = 'original') = (parent_id is null)),
  check ((kind = 'addendum') = (format = 'addendum')),
  check (num_nulls(signed_by, signed_at, signed_version, content_sha256) in (0, 4)),
  check (signed_version is null or signed_version = current_version)
);
create index progress_notes_client on progress_notes (practice_id, client_id, created_at);
select confidant_tenant_table('progress_notes');
create trigger progress_notes_locked before update or delete on progress_notes
  for each row execute function confidant_refuse_signed_change();
create trigger progress_notes_no_truncate before truncate on progress_notes
  for each statement execute function confidant_refuse_truncate();

create table progress_note_versions (
  practice_id uuid not null,
  id uuid not null,
  document_id uuid not null,
  version integer not null check (version >= 1),
  content ciphertext not null,
  saved_by uuid not null,
  saved_at timestamptz not null,
  primary key (practice_id, id),
  unique (practice_id, document_id, version),
  foreign key (practice_id, document_id) references progress_notes (practice_id, id)
);
select confidant_tenant_table('progress_note_versions');
create trigger progress_note_versions_append_only before insert or update or delete on progress_note_versions
  for each row execute function confidant_version_append_only('progress_notes');
create trigger progress_note_versions_no_truncate before truncate on progress_note_versions
  for each statement execute function confidant_refuse_truncate();

-- Psychotherapy notes (45 CFR 164.501): kept apart from the medical record, visible only to the
-- author and to those the author grants per note (psychotherapy_note_grants).
create table psychotherapy_notes (
  practice_id uuid not null,
  id uuid not null,
  client_id uuid not null,
  -- As for progress notes: the foreign key to appointments comes with the appointments table.
  appointment_id uuid,
  kind text not null check (kind in ('original', 'addendum', 'amendment')),
  format text not null check (format in ('psychotherapy', 'addendum')),
  parent_id uuid,
  root_id uuid not null,
  -- The author's per-note consent to AI processing; off by default (no AI reads these otherwise).
  ai_opt_in boolean not null default false,
  author_id uuid not null,
  current_version integer not null check (current_version >= 1),
  signed_by uuid,
  signed_at timestamptz,
  signed_version integer,
  content_sha256 text check (content_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (practice_id, id),
  foreign key (practice_id, client_id) references practice_clients (practice_id, client_id),
  foreign key (practice_id, author_id) references memberships (practice_id, user_id),
  foreign key (practice_id, parent_id) references psychotherapy_notes (practice_id, id),
  foreign key (practice_id, root_id) references psychotherapy_notes (practice_id, id) deferrable initially deferred,
  check ((kind = 'original') = (parent_id is null)),
  check ((kind = 'addendum') = (format = 'addendum')),
  check (num_nulls(signed_by, signed_at, signed_version, content_sha256) in (0, 4)),
  check (signed_version is null or signed_version = current_version)
);
create index psychotherapy_notes_client on psychotherapy_notes (practice_id, client_id, author_id);
select confidant_tenant_table('psychotherapy_notes');
create trigger psychotherapy_notes_locked before update or delete on psychotherapy_notes
  for each row execute function confidant_refuse_signed_change('ai_opt_in', 'updated_at');
create trigger psychotherapy_notes_no_truncate before truncate on psychotherapy_notes
  for each statement execute function confidant_refuse_truncate();

create table psychotherapy_note_versions (
  practice_id uuid not null,
  id uuid not null,
  document_id uuid not null,
  version integer not null check (version >= 1),
  content ciphertext not null,
  saved_by uuid not null,
  saved_at timestamptz not null,
  primary key (practice_id, id),
  unique (practice_id, document_id, version),
  foreign key (practice_id, document_id) references psychotherapy_notes (practice_id, id)
);
select confidant_tenant_table('psychotherapy_note_versions');
create trigger psychotherapy_note_versions_append_only before insert or update or delete on psychotherapy_note_versions
  for each row execute function confidant_version_append_only('psychotherapy_notes');
create trigger psychotherapy_note_versions_no_truncate before truncate on psychotherapy_note_versions
  for each statement execute function confidant_refuse_truncate();

-- Who besides the author reads a psychotherapy note (and its addenda and amendments): given and
-- revoked by the author only; revoking deletes the row, the audit trail keeps the history.
create table psychotherapy_note_grants (
  practice_id uuid not null,
  document_id uuid not null,
  user_id uuid not null,
  granted_by uuid not null,
  granted_at timestamptz not null,
  primary key (practice_id, document_id, user_id),
  foreign key (practice_id, document_id) references psychotherapy_notes (practice_id, id),
  foreign key (practice_id, user_id) references memberships (practice_id, user_id)
);
select confidant_tenant_table('psychotherapy_note_grants');

-- Treatment plans: problems, goals, measurable objectives, interventions, target and review dates,
-- all inside the encrypted content (dates about a client are PHI).
create table treatment_plans (
  practice_id uuid not null,
  id uuid not null,
  client_id uuid not null,
  kind text not null check (kind in ('original', 'addendum', 'amendment')),
  format text not null check (format in ('treatment_plan', 'addendum')),
  parent_id uuid,
  root_id uuid not null,
  author_id uuid not null,
  current_version integer not null check (current_version >= 1),
  signed_by uuid,
  signed_at timestamptz,
  signed_version integer,
  content_sha256 text check (content_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (practice_id, id),
  foreign key (practice_id, client_id) references practice_clients (practice_id, client_id),
  foreign key (practice_id, author_id) references memberships (practice_id, user_id),
  foreign key (practice_id, parent_id) references treatment_plans (practice_id, id),
  foreign key (practice_id, root_id) references treatment_plans (practice_id, id) deferrable initially deferred,
  check ((kind = 'original') = (parent_id is null)),
  check ((kind = 'addendum') = (format = 'addendum')),
  check (num_nulls(signed_by, signed_at, signed_version, content_sha256) in (0, 4)),
  check (signed_version is null or signed_version = current_version)
);
create index treatment_plans_client on treatment_plans (practice_id, client_id, created_at);
select confidant_tenant_table('treatment_plans');
create trigger treatment_plans_locked before update or delete on treatment_plans
  for each row execute function confidant_refuse_signed_change();
create trigger treatment_plans_no_truncate before truncate on treatment_plans
  for each statement execute function confidant_refuse_truncate();

create table treatment_plan_versions (
  practice_id uuid not null,
  id uuid not null,
  document_id uuid not null,
  version integer not null check (version >= 1),
  content ciphertext not null,
  saved_by uuid not null,
  saved_at timestamptz not null,
  primary key (practice_id, id),
  unique (practice_id, document_id, version),
  foreign key (practice_id, document_id) references treatment_plans (practice_id, id)
);
select confidant_tenant_table('treatment_plan_versions');
create trigger treatment_plan_versions_append_only before insert or update or delete on treatment_plan_versions
  for each row execute function confidant_version_append_only('treatment_plans');
create trigger treatment_plan_versions_no_truncate before truncate on treatment_plan_versions
  for each statement execute function confidant_refuse_truncate();
