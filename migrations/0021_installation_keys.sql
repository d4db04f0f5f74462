-- Installation-level data keys, wrapped by the installation KEK, for PHI in installation-level tables
-- (e.g. a portal account's contact data, which belongs to a person rather than to one practice).
create table installation_keys (
  purpose text not null check (purpose in ('data', 'index')),
  version integer not null check (version >= 1),
  wrapped_key bytea not null check (length(wrapped_key) = 60),
  kek_version integer not null check (kek_version >= 1),
  status text not null default 'active' check (status in ('active', 'retired')),
  created_at timestamptz not null default now(),
  primary key (purpose, version)
);
create unique index installation_keys_one_active on installation_keys (purpose) where status = 'active';
revoke all on installation_keys from public;
grant select, insert on installation_keys to confidant_app;
grant select on installation_keys to confidant_tenant;
