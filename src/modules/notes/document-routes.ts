import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { recordAuditEvents } from '../../platform/audit/record.js';
import { HiddenDocumentProblem } from './document-problems.js';
import type { DocumentFormat } from './document-content.js';
import type { DocumentEnv, DocumentKind, DocumentMeta, DocumentView } from './document-store.js';
import { createDocument, createFollowUp, diffVersions, getDocument, getVersion, listDocuments, listVersions, saveVersion, signDocument, verifyDocument } from './document-store.js';

export interface DocumentRouteDeps {
  db: Database;
  now: () => Date;
  cipher: FieldCipher;
}

/**
 * The HTTP face of one document kind: create, list, read, autosave (PUT with the version last
 * seen), versions and diffs, sign, verify, addenda and amendments. Progress notes, psychotherapy
 * notes and treatment plans each register these with their own path, schemas and extras, so the
 * versioning and signing rules are written once (document-store.ts).
 */
export interface DocumentRouteSpec<C extends z.ZodType, S extends z.ZodRawShape> {
  kind: DocumentKind;
  /** e.g. /api/practice/clients/:clientId/notes */
  basePath: string;
  idParam: string;
  tag: string;
  noun: string;
  /** Body of POST basePath. */
  createBody: C;
  toCreate(body: z.infer<C>): { format: DocumentFormat; content: unknown; extras: Record<string, unknown> };
  /** Extra optional fields of a save (PUT) and an amendment, as columns. */
  saveExtras: S;
  extrasOf(body: Record<string, unknown>): Record<string, unknown>;
  /** The kind's extras as API fields. */
  present(extras: Record<string, unknown>): Record<string, unknown>;
}

const Version = z.coerce.number().int().min(1, { error: 'expected a version number (1 or more)' }).max(1_000_000);
const Content = z.record(z.string(), z.unknown(), { error: 'expected the content as an object' });

export const SectionDiffSchema = z.object({
  section: z.string(),
  label: z.string(),
  changed: z.boolean(),
  parts: z.array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })),
});
export const VerificationSchema = z.object({
  signed: z.boolean(),
  valid: z.boolean(),
  storedSha256: z.string().nullable(),
  computedSha256: z.string().nullable(),
  reason: z.enum(['ok', 'unsigned', 'hash_mismatch', 'undecryptable']),
});

/** A document's metadata as the API shows it. */
export function metaView(m: DocumentMeta, present: (extras: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  return {
    id: m.id,
    clientId: m.clientId,
    kind: m.kind,
    format: m.format,
    parentId: m.parentId,
    rootId: m.rootId,
    authorId: m.authorId,
    status: m.status,
    version: m.version,
    signedBy: m.signedBy,
    signedAt: m.signedAt?.toISOString() ?? null,
    contentSha256: m.contentSha256,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    ...present(m.extras),
  };
}

export function documentView(d: DocumentView, present: (extras: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  return { ...metaView(d, present), content: d.content, addenda: d.addenda, amendments: d.amendments };
}

/** Runs document work in the caller's practice transaction. */
export function documentEnvRunner(deps: DocumentRouteDeps): <T>(request: FastifyRequest, work: (env: DocumentEnv) => Promise<T>) => Promise<T> {
  return (request, work) => {
    const actor = requireActor(request);
    const ctx = practiceContextOf(actor);
    return withPracticeTx(deps.db, ctx, (tx) => work({ tx, cipher: deps.cipher, actor: { userId: actor.userId }, now: deps.now() })).catch(async (err: unknown) => {
      // The work rolled back; a reach for a hidden document is still recorded, in its own transaction.
      if (err instanceof HiddenDocumentProblem) {
        await recordAuditEvents(deps.db, { practiceId: ctx.practiceId, userId: ctx.userId, role: ctx.role, sessionId: ctx.sessionId }, [
          { action: request.method === 'GET' ? 'read' : 'update', resourceType: err.resourceType, resourceId: err.documentId, subjectClientId: err.clientId, outcome: 'denied', purposeOfUse: 'treatment' },
        ]);
      }
      throw err;
    });
  };
}

export function registerDocumentRoutes<C extends z.ZodType, S extends z.ZodRawShape>(app: FastifyInstance, deps: DocumentRouteDeps, spec: DocumentRouteSpec<C, S>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { kind, basePath, tag, noun } = spec;
  const one = `${basePath}/:${spec.idParam}`;
  const run = documentEnvRunner(deps);
  const read = { access: { action: 'read', resource: 'client', phi: true } } as const;
  const create = { access: { action: 'create', resource: 'client', phi: true } } as const;
  const update = { access: { action: 'update', resource: 'client', phi: true } } as const;
  // The id param's name differs per kind (noteId, planId); handlers read it through docId().
  const paramsWith = <E extends Record<string, z.ZodType>>(extra: E): z.ZodType<{ clientId: string } & { [K in keyof E]: z.infer<E[K]> }> =>
    z.object({ clientId: z.uuid({ error: 'expected a client id (uuid)' }), [spec.idParam]: z.uuid({ error: `expected a ${noun} id (uuid)` }), ...extra }) as unknown as z.ZodType<
      { clientId: string } & { [K in keyof E]: z.infer<E[K]> }
    >;
  const Params = paramsWith({});
  const ClientParams = z.object({ clientId: z.uuid({ error: 'expected a client id (uuid)' }) });
  const docId = (params: object): string => (params as Record<string, string>)[spec.idParam]!;
  const present = spec.present;
  const View = z.looseObject({ id: z.string(), status: z.enum(['draft', 'signed']), version: z.number(), content: Content });
  const MetaView = z.looseObject({ id: z.string(), status: z.enum(['draft', 'signed']), version: z.number() });
  const SaveBody = z.object({ baseVersion: Version, content: Content, ...spec.saveExtras });

  r.post(
    basePath,
    { schema: { tags: [tag], summary: `Start a ${noun} (a draft at version 1)`, params: ClientParams, body: spec.createBody, response: { 201: View } }, config: create },
    async (request, reply) => {
      const input = spec.toCreate(request.body as z.infer<C>);
      const view = await run(request, (env) => createDocument(env, kind, { clientId: request.params.clientId, ...input }));
      return reply.code(201).send(documentView(view, present) as z.infer<typeof View>);
    },
  );

  r.get(
    basePath,
    { schema: { tags: [tag], summary: `The client's ${noun}s (metadata, oldest first)`, params: ClientParams, response: { 200: z.object({ documents: z.array(MetaView) }) } }, config: read },
    async (request) => ({
      documents: (await run(request, (env) => listDocuments(env, kind, request.params.clientId))).map((m) => metaView(m, present) as z.infer<typeof MetaView>),
    }),
  );

  r.get(one, { schema: { tags: [tag], summary: `One ${noun} with its current content and its addenda and amendments`, params: Params, response: { 200: View } }, config: read }, async (request) =>
    documentView(await run(request, (env) => getDocument(env, kind, request.params.clientId, docId(request.params))), present) as z.infer<typeof View>,
  );

  r.put(
    one,
    {
      schema: { tags: [tag], summary: `Save the ${noun} as a new version (autosave); 409 when baseVersion is not the latest or the ${noun} is signed`, params: Params, body: SaveBody, response: { 200: View } },
      config: update,
    },
    async (request) => {
      const body = request.body as { baseVersion: number; content: Record<string, unknown> } & Record<string, unknown>;
      const view = await run(request, (env) =>
        saveVersion(env, kind, { clientId: request.params.clientId, documentId: docId(request.params), baseVersion: body.baseVersion, content: body.content, extras: spec.extrasOf(body) }),
      );
      return documentView(view, present) as z.infer<typeof View>;
    },
  );

  r.get(
    `${one}/versions`,
    {
      schema: { tags: [tag], summary: `Every saved version of the ${noun}`, params: Params, response: { 200: z.object({ versions: z.array(z.object({ version: z.number(), savedBy: z.string(), savedAt: z.string() })) }) } },
      config: read,
    },
    async (request) => ({
      versions: (await run(request, (env) => listVersions(env, kind, request.params.clientId, docId(request.params)))).map((v) => ({ ...v, savedAt: v.savedAt.toISOString() })),
    }),
  );

  r.get(
    `${one}/versions/:version`,
    { schema: { tags: [tag], summary: `The content of one version of the ${noun}`, params: paramsWith({ version: Version }), response: { 200: z.object({ version: z.number(), content: Content }) } }, config: read },
    async (request) => {
      const { content } = await run(request, (env) => getVersion(env, kind, request.params.clientId, docId(request.params), request.params.version));
      return { version: request.params.version, content };
    },
  );

  r.get(
    `${one}/versions/:a/diff/:b`,
    {
      schema: { tags: [tag], summary: `Word-level differences from version a to version b, section by section`, params: paramsWith({ a: Version, b: Version }), response: { 200: z.object({ sections: z.array(SectionDiffSchema) }) } },
      config: read,
    },
    async (request) => ({ sections: await run(request, (env) => diffVersions(env, kind, request.params.clientId, docId(request.params), request.params.a, request.params.b)) }),
  );

  r.post(
    `${one}/sign`,
    {
      schema: {
        tags: [tag],
        summary: `Sign and lock the ${noun} (the author only): stores signer, time and the SHA-256 of the content`,
        params: Params,
        body: z.object({ version: Version }),
        response: { 200: View },
      },
      config: update,
    },
    async (request) =>
      documentView(await run(request, (env) => signDocument(env, kind, { clientId: request.params.clientId, documentId: docId(request.params), version: request.body.version })), present) as z.infer<
        typeof View
      >,
  );

  r.get(
    `${one}/verify`,
    { schema: { tags: [tag], summary: `Recompute the signed SHA-256 from the stored content and compare`, params: Params, response: { 200: VerificationSchema } }, config: read },
    async (request) => run(request, (env) => verifyDocument(env, kind, request.params.clientId, docId(request.params))),
  );

  r.post(
    `${one}/addenda`,
    {
      schema: { tags: [tag], summary: `Append an addendum to a signed ${noun} (a draft of its own, signed separately)`, params: Params, body: z.object({ content: Content }), response: { 201: View } },
      config: update,
    },
    async (request, reply) => {
      const view = await run(request, (env) =>
        createFollowUp(env, kind, { clientId: request.params.clientId, parentId: docId(request.params), followUp: 'addendum', content: request.body.content }),
      );
      return reply.code(201).send(documentView(view, present) as z.infer<typeof View>);
    },
  );

  const AmendBody = z.object({ content: Content, ...spec.saveExtras });
  r.post(
    `${one}/amendments`,
    {
      schema: { tags: [tag], summary: `Write a corrected full version of a signed ${noun}; the original stays intact and readable`, params: Params, body: AmendBody, response: { 201: View } },
      config: update,
    },
    async (request, reply) => {
      const body = request.body as { content: Record<string, unknown> } & Record<string, unknown>;
      const view = await run(request, (env) =>
        createFollowUp(env, kind, {
          clientId: request.params.clientId,
          parentId: docId(request.params),
          followUp: 'amendment',
          content: body.content,
          extras: spec.extrasOf(body),
        }),
      );
      return reply.code(201).send(documentView(view, present) as z.infer<typeof View>);
    },
  );
}
