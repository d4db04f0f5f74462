-- Personal data of the identity tables encrypted at rest: users' emails and display names, TOTP
-- secrets and invitation emails become `ciphertext` (AES-256-GCM through the field ciphers), and the
-- emails are looked up through blind indexes (`email_bidx`, HMAC-SHA256).
--
-- SQL holds no keys, so this migration cannot encrypt rows that already exist. It moves their plain
-- values into identity_plaintext_backlog and leaves the new columns empty; at the next start (and in
-- `confidant setup-admin`), before anything is served, src/platform/auth/identity-backlog.ts encrypts
-- them row by row and deletes each backlog row once its ciphertext is stored (resumable after a
-- crash). On a new installation the backlog is empty and stays empty.
--
-- The new columns cannot be NOT NULL while converted rows are pending, so a CHECK ... NOT VALID says
-- it instead: Postgres enforces it on every row inserted or updated from now on, and does not check
-- the rows that existed before (only those wait in the backlog).

-- Nothing writes here after this migration: the application may read and delete, not insert.
create table identity_plaintext_backlog (
  source text not null check (source in ('users', 'user_totp', 'invitations')),
  -- The invitation's practice (invitations are tenant rows); null for installation tables.
  source_practice_id uuid,
  row_id uuid not null,
  plain_email text,
  plain_display_name text,
  plain_totp_secret text,
  primary key (source, row_id)
);
revoke all on identity_plaintext_backlog from public;
grant select, delete on identity_plaintext_backlog to confidant_app;

-- users: email -> email_bidx (installation index key) + email (installation data key); display name
-- encrypted too: clients have accounts, so a user's name can be a client's name.
insert into identity_plaintext_backlog (source, row_id, plain_email, plain_display_name)
  select 'users', id, email_value, display_name from users;
alter table users drop column email_lookup, drop column email_value, drop column display_name;
alter table users add column email_bidx blind_index unique, add column email ciphertext, add column display_name ciphertext;
alter table users add constraint users_identity_encrypted
  check (email_bidx is not null and email is not null and display_name is not null) not valid;
-- Member lists still join display names (dropping the column dropped its grant); the application
-- decrypts them with the installation key, which the tenant role may read (migration 0021).
grant select (display_name) on users to confidant_tenant;

-- user_totp: the shared TOTP secret is a credential: encrypted at rest like PHI (installation key).
insert into identity_plaintext_backlog (source, row_id, plain_totp_secret)
  select 'user_totp', user_id, secret from user_totp;
alter table user_totp drop column secret;
alter table user_totp add column secret ciphertext;
alter table user_totp add constraint user_totp_secret_encrypted check (secret is not null) not valid;

-- invitations (a tenant table): email -> email_bidx + email under the practice's keys.
insert into identity_plaintext_backlog (source, source_practice_id, row_id, plain_email)
  select 'invitations', practice_id, id, email_lookup from invitations;
alter table invitations drop column email_lookup;
alter table invitations add column email_bidx blind_index, add column email ciphertext;
alter table invitations add constraint invitations_email_encrypted check (email_bidx is not null and email is not null) not valid;
