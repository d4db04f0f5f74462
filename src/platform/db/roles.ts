/**
 * Database roles. The same three exist on PGlite and on a Postgres server:
 * - OWNER owns every table, function and policy and is the only role migrations run as;
 * - APP is the application's everyday connection: it sees installation-level tables only;
 * - TENANT is the only role granted PHI tables; withPracticeTx switches to it with SET LOCAL ROLE,
 *   so PHI is reachable only inside a practice-scoped transaction where RLS applies.
 */
export const OWNER_ROLE = 'confidant_owner';
export const APP_ROLE = 'confidant_app';
export const TENANT_ROLE = 'confidant_tenant';

/** The audit stream of installation-level events (operator actions, logins before a practice is chosen). */
export const INSTALLATION_STREAM_ID = '00000000-0000-0000-0000-000000000000';
