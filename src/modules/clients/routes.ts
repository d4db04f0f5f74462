import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import { HttpProblem, ValidationProblem } from '../../platform/http/problem.js';
import { Uuid } from '../accounts/schemas.js';
import { CsvFileError } from './import/parse-csv.js';
import { importClients, recordRefusedImport } from './import/import-clients.js';
import { listClients } from './list.js';
import { ClientPatch, DISCHARGE_REASONS, NewClient } from './record.js';
import { addRestriction, LIFT_REASONS, liftRestriction, listRestrictions, RESTRICTION_KINDS } from './restrictions.js';
import { createClient, dischargeClient, getClient, reactivateClient, updateClient } from './service.js';

export interface ClientRoutesDeps {
  db: Database;
  cipher: FieldCipher;
  now: () => Date;
}

/** Largest CSV accepted over HTTP (a file of the 50,000 rows parse-csv allows fits). */
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

const ClientParams = z.object({ clientId: Uuid });
const isoDate = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });
const SearchTerms = {
  name: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().min(3).max(254).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
};
const Paging = {
  status: z.enum(['active', 'discharged']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
};
// Names, emails and phone numbers are PHI and never travel in a URL (proxies and browsers keep
// URLs): the list takes paging only; a search sends its terms in the body of a POST.
const ListQuery = z.strictObject(Paging, { error: 'search terms (name, email, phone) go in the body of POST /api/practice/clients/search, never in the URL' });
const SearchBody = z.object({ ...SearchTerms, ...Paging }).strict();
const RestrictionBody = z
  .object({ kind: z.enum(RESTRICTION_KINDS), memberId: Uuid.optional(), agreedOn: isoDate })
  .strict()
  .refine((b) => (b.kind === 'exclude_member') === (b.memberId !== undefined), { error: 'memberId is required for exclude_member and not allowed otherwise', path: ['memberId'] });
const ImportBody = z.union([z.string().min(1, { error: 'the file is empty' }), z.object({ csv: z.string().min(1, { error: 'the file is empty' }), partial: z.boolean().optional() }).strict()]);

/**
 * Client records: create, list and search (blind indexes), demographics, discharge, restrictions and
 * CSV import. Authorization is declared per route (`config.access`) and decided by can(); the
 * practice-wide routes use the `clients` resource, one client's demographics `client_demographics`,
 * its status (a clinical decision) `client`, its restrictions `client_access` (owners).
 */
export const clientRoutes: FastifyPluginAsyncZod<ClientRoutesDeps> = async (app, deps) => {
  const { db, cipher, now } = deps;
  const svc = { db, cipher, now };

  // A CSV file as the body of the import route (this plugin's routes only).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.post(
    '/api/practice/clients',
    {
      schema: { tags: ['clients'], summary: 'Create a client (a clinician creating it joins the care team)', body: NewClient },
      config: { access: { action: 'create', resource: 'clients', phi: true } },
    },
    async (request, reply) => reply.code(201).send(await createClient(svc, requireActor(request), request.body)),
  );

  app.get(
    '/api/practice/clients',
    {
      schema: { tags: ['clients'], summary: 'Clients the caller may see (paging and status only; search with POST /api/practice/clients/search)', querystring: ListQuery },
      config: { access: { action: 'read', resource: 'clients', phi: true } },
    },
    async (request) => listClients(svc, requireActor(request), request.query),
  );

  app.post(
    '/api/practice/clients/search',
    {
      schema: { tags: ['clients'], summary: 'Exact search by name, email or phone (blind indexes), terms in the body; same reach and paging as the list', body: SearchBody },
      config: { access: { action: 'read', resource: 'clients', phi: true } },
    },
    async (request) => listClients(svc, requireActor(request), request.body),
  );

  app.get(
    '/api/practice/clients/:clientId',
    { schema: { tags: ['clients'], summary: 'One client\'s demographics and contact preferences', params: ClientParams }, config: { access: { action: 'read', resource: 'client_demographics', phi: true } } },
    async (request) => getClient(svc, requireActor(request), request.params.clientId),
  );

  app.patch(
    '/api/practice/clients/:clientId',
    {
      schema: { tags: ['clients'], summary: 'Change demographics or contact preferences (null clears an optional field)', params: ClientParams, body: ClientPatch },
      config: { access: { action: 'update', resource: 'client_demographics', phi: true } },
    },
    async (request) => updateClient(svc, requireActor(request), request.params.clientId, request.body),
  );

  app.post(
    '/api/practice/clients/:clientId/discharge',
    {
      schema: { tags: ['clients'], summary: 'Discharge a client (the record is kept)', params: ClientParams, body: z.object({ dischargedOn: isoDate, reason: z.enum(DISCHARGE_REASONS) }).strict() },
      config: { access: { action: 'update', resource: 'client', phi: true } },
    },
    async (request) => dischargeClient(svc, requireActor(request), request.params.clientId, request.body),
  );

  app.post(
    '/api/practice/clients/:clientId/reactivate',
    { schema: { tags: ['clients'], summary: 'Take a discharged client back into care', params: ClientParams }, config: { access: { action: 'update', resource: 'client', phi: true } } },
    async (request) => reactivateClient(svc, requireActor(request), request.params.clientId),
  );

  app.get(
    '/api/practice/clients/:clientId/restrictions',
    { schema: { tags: ['clients'], summary: 'Restrictions agreed with the client (164.522(a)), in force and lifted', params: ClientParams }, config: { access: { action: 'manage', resource: 'client_access', phi: true } } },
    async (request) => ({ restrictions: await listRestrictions(db, requireActor(request), request.params.clientId) }),
  );

  app.post(
    '/api/practice/clients/:clientId/restrictions',
    {
      schema: { tags: ['clients'], summary: 'Record an agreed restriction: exclude a member, or care team only', params: ClientParams, body: RestrictionBody },
      config: { access: { action: 'manage', resource: 'client_access', phi: true } },
    },
    async (request, reply) => reply.code(201).send(await addRestriction(db, requireActor(request), request.params.clientId, request.body)),
  );

  app.delete(
    '/api/practice/clients/:clientId/restrictions/:restrictionId',
    {
      schema: {
        tags: ['clients'],
        summary: 'Lift a restriction (the record of it is kept)',
        params: z.object({ clientId: Uuid, restrictionId: Uuid }),
        querystring: z.object({ reason: z.enum(LIFT_REASONS).default('client_request') }),
      },
      config: { access: { action: 'manage', resource: 'client_access', phi: true } },
    },
    async (request) => liftRestriction(db, requireActor(request), request.params.clientId, request.params.restrictionId, request.query.reason, now()),
  );

  app.post(
    '/api/practice/clients/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['clients'],
        summary: 'Import clients from CSV (text/csv, or JSON {csv}); all or nothing unless partial',
        body: ImportBody,
        querystring: z.object({ partial: z.enum(['true', 'false']).optional() }),
      },
      config: { access: { action: 'manage', resource: 'clients', phi: true } },
    },
    async (request, reply) => {
      const ctx = practiceContextOf(requireActor(request));
      const body = request.body;
      const csv = typeof body === 'string' ? body : body.csv;
      const partial = request.query.partial === 'true' || (typeof body !== 'string' && body.partial === true);
      try {
        const report = await importClients(db, cipher, ctx, csv, { partial, now: now() });
        // Nothing was written: the report travels in the problem (rows, fields and messages, no values).
        if (report.refused) throw new HttpProblem(422, 'import-rejected', 'Import refused', 'Some rows are invalid, so nothing was imported. Fix them, or import only the good rows with partial=true.', { report });
        return reply.code(200).send(report);
      } catch (err) {
        if (!(err instanceof CsvFileError)) throw err;
        await recordRefusedImport(db, ctx);
        throw new ValidationProblem(err.problems.map((message) => ({ field: 'body', message })), 'The file is not a client CSV this import can read.');
      }
    },
  );
};
