import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { asDate, asDateOrNull } from '../../platform/auth/time.js';
import type { PurposeOfUse } from '../../platform/audit/record.js';
import { DecryptionError } from '../../platform/crypto/errors.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { sqlState, unwrapDriverError } from '../../platform/db/database.js';
import type { PracticeTx } from '../../platform/db/practice-tx.js';
import { ForbiddenProblem, NotFoundProblem, ValidationProblem } from '../../platform/http/problem.js';
import type { DocumentContent, DocumentFormat } from './document-content.js';
import { CONTENT_TYPES, parseContent } from './document-content.js';
import { DOCUMENT_NOT_FOUND, DocumentLockedProblem, HiddenDocumentProblem, NotSignedProblem, VersionConflictProblem } from './document-problems.js';
import type { SectionDiff } from './version-diff.js';
import { diffSections } from './version-diff.js';

/**
 * One versioned, signable document store for progress notes, psychotherapy notes and treatment
 * plans (migration 0070). Every function runs inside the caller's withPracticeTx transaction, so a
 * whole request (or a whole export) is one transaction with its audit events.
 *
 * Invariants (the database triggers hold them too, whatever this code does):
 * - every save is a new version row; a save names the version it was based on, and a stale one is
 *   refused (two tabs cannot silently overwrite each other);
 * - signing records signer, time and the SHA-256 of the canonical content; a signed document and
 *   all its versions never change again;
 * - changes after signing are new documents linked to it: addenda (text appended) and amendments
 *   (a corrected full version), each signed on its own.
 */
export interface DocumentKind {
  table: 'progress_notes' | 'psychotherapy_notes' | 'treatment_plans';
  versionsTable: 'progress_note_versions' | 'psychotherapy_note_versions' | 'treatment_plan_versions';
  /** Audit resource type. */
  resourceType: 'progress_note' | 'psychotherapy_note' | 'treatment_plan';
  /** Formats an original document may have (addenda are always `addendum`). */
  originalFormats: readonly DocumentFormat[];
  /** Kind-specific columns a create or save may set (constants, never from input). */
  extraColumns: readonly string[];
  /** Extras a follow-up takes from its parent, on creation and on every save (e.g. the Part 2 flag). */
  inherit?(parent: DocumentMeta): Record<string, unknown>;
  /** Visible only to the author of the chain's original and to the grantees in this table. */
  authorOnly?: { grantsTable: 'psychotherapy_note_grants' };
}

export interface DocumentActor {
  userId: string;
}

export interface DocumentEnv {
  tx: PracticeTx;
  cipher: FieldCipher;
  actor: DocumentActor;
  now: Date;
  purpose?: PurposeOfUse;
}

export type DocumentStatus = 'draft' | 'signed';

export interface DocumentMeta {
  id: string;
  clientId: string;
  kind: 'original' | 'addendum' | 'amendment';
  format: DocumentFormat;
  parentId: string | null;
  rootId: string;
  authorId: string;
  status: DocumentStatus;
  version: number;
  signedBy: string | null;
  signedAt: Date | null;
  contentSha256: string | null;
  createdAt: Date;
  updatedAt: Date;
  extras: Record<string, unknown>;
}

export interface DocumentView extends DocumentMeta {
  content: DocumentContent;
  /** Addenda and amendments written on this document, oldest first. */
  addenda: string[];
  amendments: string[];
}

export interface VersionMeta {
  version: number;
  savedBy: string;
  savedAt: Date;
}

export interface Verification {
  signed: boolean;
  valid: boolean;
  storedSha256: string | null;
  computedSha256: string | null;
  /** Why it is not valid: unsigned, content altered, or ciphertext that fails authentication. */
  reason: 'ok' | 'unsigned' | 'hash_mismatch' | 'undecryptable';
}

type Row = Record<string, unknown> & {
  id: string;
  client_id: string;
  kind: DocumentMeta['kind'];
  format: DocumentFormat;
  parent_id: string | null;
  root_id: string;
  author_id: string;
  current_version: number;
  signed_by: string | null;
  signed_at: Date | string | null;
  content_sha256: string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

const id = (name: string): SQL => sql`${sql.identifier(name)}`;
const LOCKED_SQLSTATE = '55000';

function metaOf(kind: DocumentKind, r: Row): DocumentMeta {
  return {
    id: r.id,
    clientId: r.client_id,
    kind: r.kind,
    format: r.format,
    parentId: r.parent_id,
    rootId: r.root_id,
    authorId: r.author_id,
    status: r.signed_at === null ? 'draft' : 'signed',
    version: Number(r.current_version),
    signedBy: r.signed_by,
    signedAt: asDateOrNull(r.signed_at),
    contentSha256: r.content_sha256,
    createdAt: asDate(r.created_at),
    updatedAt: asDate(r.updated_at),
    extras: Object.fromEntries(kind.extraColumns.map((c) => [c, r[c]])),
  };
}

/** Rows the actor may see: everything of the client, or for author-only kinds, own and granted chains. */
function visibleTo(kind: DocumentKind, actor: DocumentActor): SQL {
  if (!kind.authorOnly) return sql`true`;
  const grants = id(kind.authorOnly.grantsTable);
  return sql`(d.author_id = ${actor.userId}
    or exists (select 1 from ${id(kind.table)} r where r.id = d.root_id and r.author_id = ${actor.userId})
    or exists (select 1 from ${grants} g where g.document_id = d.root_id and g.user_id = ${actor.userId}))`;
}

async function loadMeta(env: DocumentEnv, kind: DocumentKind, clientId: string, documentId: string, opts: { forUpdate?: boolean } = {}): Promise<DocumentMeta> {
  const [row] = await env.tx.rows<Row>(sql`select d.* from ${id(kind.table)} d
    where d.client_id = ${clientId} and d.id = ${documentId} and ${visibleTo(kind, env.actor)}
    ${opts.forUpdate ? sql`for update` : sql``}`);
  if (!row) {
    if (kind.authorOnly) {
      const [hidden] = await env.tx.rows(sql`select 1 from ${id(kind.table)} where client_id = ${clientId} and id = ${documentId}`);
      if (hidden) throw new HiddenDocumentProblem(kind.resourceType, documentId, clientId);
    }
    throw new NotFoundProblem(DOCUMENT_NOT_FOUND);
  }
  return metaOf(kind, row);
}

function versionRef(env: DocumentEnv, kind: DocumentKind, versionRowId: string): { table: string; column: string; rowId: string; practiceId: string } {
  return { table: kind.versionsTable, column: 'content', rowId: versionRowId, practiceId: env.tx.practiceId };
}

async function readVersion(env: DocumentEnv, kind: DocumentKind, documentId: string, version: number): Promise<DocumentContent> {
  const [row] = await env.tx.rows<{ id: string; content: string }>(sql`select id, content from ${id(kind.versionsTable)}
    where document_id = ${documentId} and version = ${version}`);
  if (!row) throw new NotFoundProblem('No such version.');
  return JSON.parse(await env.cipher.decrypt(env.tx, versionRef(env, kind, row.id), row.content)) as DocumentContent;
}

async function writeVersion(env: DocumentEnv, kind: DocumentKind, documentId: string, version: number, content: DocumentContent): Promise<void> {
  const rowId = randomUUID();
  const sealed = await env.cipher.encrypt(env.tx, versionRef(env, kind, rowId), JSON.stringify(content));
  await env.tx.rows(sql`insert into ${id(kind.versionsTable)} (practice_id, id, document_id, version, content, saved_by, saved_at)
    values (${env.tx.practiceId}, ${rowId}, ${documentId}, ${version}, ${sealed}, ${env.actor.userId}, ${env.now.toISOString()}::timestamptz)`);
}

function audit(env: DocumentEnv, kind: DocumentKind, action: string, clientId: string, documentId: string | null): void {
  env.tx.audit({ action, resourceType: kind.resourceType, resourceId: documentId, subjectClientId: clientId, purposeOfUse: env.purpose ?? 'treatment' });
}

function contentOrThrow(format: DocumentFormat, content: unknown): DocumentContent {
  const parsed = parseContent(format, content);
  if (!parsed.ok) throw new ValidationProblem(parsed.errors);
  return parsed.content;
}

/** A foreign-key refusal of the appointment (migration 0090): the id names no appointment of this client. */
function isAppointmentRefusal(err: unknown): boolean {
  const e = unwrapDriverError(err) as { constraint?: unknown; message?: unknown };
  return sqlState(err) === '23503' && /appointment_fkey/.test(`${String(e.constraint ?? '')} ${String(e.message ?? '')}`);
}

const noSuchAppointment = (): ValidationProblem => new ValidationProblem([{ field: 'body/appointmentId', message: 'no such appointment of this client' }]);

/** Maps the lock trigger's refusal (a race with a signature, or a bug) to the same 409 as the check. */
async function lockAware<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (sqlState(err) === LOCKED_SQLSTATE) throw new DocumentLockedProblem();
    if (isAppointmentRefusal(err)) throw noSuchAppointment();
    throw err;
  }
}

function extrasSql(kind: DocumentKind, extras: Record<string, unknown>): { columns: SQL[]; values: SQL[] } {
  const cols = kind.extraColumns.filter((c) => extras[c] !== undefined);
  return { columns: cols.map((c) => sql`, ${id(c)}`), values: cols.map((c) => sql`, ${extras[c] as string | boolean | null}`) };
}

export interface CreateInput {
  clientId: string;
  format: DocumentFormat;
  content: unknown;
  extras?: Record<string, unknown>;
}

/** A new original document, as a draft at version 1. */
export async function createDocument(env: DocumentEnv, kind: DocumentKind, input: CreateInput): Promise<DocumentView> {
  if (!kind.originalFormats.includes(input.format)) throw new ValidationProblem([{ field: 'body/format', message: `expected one of ${kind.originalFormats.join(', ')}` }]);
  const content = contentOrThrow(input.format, input.content);
  const documentId = randomUUID();
  await insertDocument(env, kind, { id: documentId, clientId: input.clientId, kind: 'original', format: input.format, parentId: null, rootId: documentId, extras: input.extras ?? {} });
  await writeVersion(env, kind, documentId, 1, content);
  audit(env, kind, 'create', input.clientId, documentId);
  return viewOf(env, kind, input.clientId, documentId, content);
}

async function insertDocument(
  env: DocumentEnv,
  kind: DocumentKind,
  d: { id: string; clientId: string; kind: DocumentMeta['kind']; format: DocumentFormat; parentId: string | null; rootId: string; extras: Record<string, unknown> },
): Promise<void> {
  const extra = extrasSql(kind, d.extras);
  const at = env.now.toISOString();
  try {
    await env.tx.rows(sql`insert into ${id(kind.table)} (practice_id, id, client_id, kind, format, parent_id, root_id, author_id, current_version, created_at, updated_at ${sql.join(extra.columns, sql``)})
      values (${env.tx.practiceId}, ${d.id}, ${d.clientId}, ${d.kind}, ${d.format}, ${d.parentId}, ${d.rootId}, ${env.actor.userId}, 1, ${at}::timestamptz, ${at}::timestamptz ${sql.join(extra.values, sql``)})`);
  } catch (err) {
    // The client is not registered in this practice (no practice_clients row): the route's access
    // check makes this rare (an owner may address an id no practice holds yet).
    if (isAppointmentRefusal(err)) throw noSuchAppointment();
    if (sqlState(err) === '23503') throw new NotFoundProblem();
    throw err;
  }
}

/**
 * An addendum (free text) or an amendment (a corrected full version in the parent's format) on a
 * signed document. The parent stays as it was. Extras the parent marks (e.g. Part 2) carry over.
 */
export async function createFollowUp(
  env: DocumentEnv,
  kind: DocumentKind,
  input: { clientId: string; parentId: string; followUp: 'addendum' | 'amendment'; content: unknown; extras?: Record<string, unknown> },
): Promise<DocumentView> {
  const parent = await loadMeta(env, kind, input.clientId, input.parentId);
  if (parent.status !== 'signed') throw new NotSignedProblem('Only a signed document takes addenda or amendments; edit the draft instead.');
  if (kind.authorOnly) await requireChainAuthor(env, kind, parent);
  if (input.followUp === 'amendment' && parent.format === 'addendum') {
    throw new ValidationProblem([{ field: 'params', message: 'an addendum is not amended: write another addendum on the document' }]);
  }
  const format: DocumentFormat = input.followUp === 'addendum' ? 'addendum' : parent.format;
  const content = contentOrThrow(format, input.content);
  const documentId = randomUUID();
  const extras = { ...(input.extras ?? {}), ...(kind.inherit?.(parent) ?? {}) };
  await insertDocument(env, kind, { id: documentId, clientId: input.clientId, kind: input.followUp, format, parentId: parent.id, rootId: parent.rootId, extras });
  await writeVersion(env, kind, documentId, 1, content);
  audit(env, kind, 'create', input.clientId, documentId);
  return viewOf(env, kind, input.clientId, documentId, content);
}

/** Author-only kinds: only the author of the chain's original writes into the chain. */
async function requireChainAuthor(env: DocumentEnv, kind: DocumentKind, doc: DocumentMeta): Promise<void> {
  const [root] = await env.tx.rows<{ author_id: string }>(sql`select author_id from ${id(kind.table)} where id = ${doc.rootId}`);
  if (root?.author_id !== env.actor.userId) throw new ForbiddenProblem('Only the author writes into this document.');
}

export interface SaveInput {
  clientId: string;
  documentId: string;
  /** The version the editor last saw. */
  baseVersion: number;
  content: unknown;
  extras?: Record<string, unknown>;
}

/** Autosave: the content becomes version baseVersion + 1, unless someone saved or signed meanwhile. */
export async function saveVersion(env: DocumentEnv, kind: DocumentKind, input: SaveInput): Promise<DocumentView> {
  // Row lock: concurrent saves of one document queue here and the second sees the first's version.
  const doc = await loadMeta(env, kind, input.clientId, input.documentId, { forUpdate: true });
  if (doc.status === 'signed') throw new DocumentLockedProblem();
  if (doc.authorId !== env.actor.userId) throw new ForbiddenProblem('Only the author edits a draft; others write once it is signed (addendum or amendment).');
  if (doc.version !== input.baseVersion) throw new VersionConflictProblem(doc.version);
  const content = contentOrThrow(doc.format, input.content);
  const next = doc.version + 1;
  const parent = doc.parentId && kind.inherit ? await loadMeta(env, kind, input.clientId, doc.parentId) : null;
  const extras = { ...(input.extras ?? {}), ...(parent ? kind.inherit!(parent) : {}) };
  const extra = kind.extraColumns.filter((c) => extras[c] !== undefined).map((c) => sql`, ${id(c)} = ${extras[c] as string | boolean | null}`);
  await lockAware(async () => {
    await env.tx.rows(sql`update ${id(kind.table)} set current_version = ${next}, updated_at = ${env.now.toISOString()}::timestamptz ${sql.join(extra, sql``)}
      where id = ${doc.id} and current_version = ${doc.version}`);
    await writeVersion(env, kind, doc.id, next, content);
  });
  audit(env, kind, 'update', input.clientId, doc.id);
  return viewOf(env, kind, input.clientId, doc.id, content);
}

/** Kind-specific metadata that may change on a signed document (the trigger names the same columns). */
export async function setMetadata(env: DocumentEnv, kind: DocumentKind, input: { clientId: string; documentId: string; column: string; value: boolean }): Promise<DocumentMeta> {
  if (!kind.extraColumns.includes(input.column)) throw new TypeError('not a column of this kind');
  const doc = await loadMeta(env, kind, input.clientId, input.documentId, { forUpdate: true });
  if (doc.authorId !== env.actor.userId) throw new ForbiddenProblem('Only the author changes this setting.');
  await lockAware(() => env.tx.rows(sql`update ${id(kind.table)} set ${id(input.column)} = ${input.value}, updated_at = ${env.now.toISOString()}::timestamptz where id = ${doc.id}`));
  audit(env, kind, 'update', input.clientId, doc.id);
  return { ...doc, extras: { ...doc.extras, [input.column]: input.value } };
}

async function viewOf(env: DocumentEnv, kind: DocumentKind, clientId: string, documentId: string, content?: DocumentContent): Promise<DocumentView> {
  const meta = await loadMeta(env, kind, clientId, documentId);
  const links = await env.tx.rows<{ id: string; kind: string }>(sql`select d.id, d.kind from ${id(kind.table)} d
    where d.parent_id = ${documentId} and ${visibleTo(kind, env.actor)} order by d.created_at, d.id`);
  return {
    ...meta,
    content: content ?? (await readVersion(env, kind, documentId, meta.version)),
    addenda: links.filter((l) => l.kind === 'addendum').map((l) => l.id),
    amendments: links.filter((l) => l.kind === 'amendment').map((l) => l.id),
  };
}

/** One document with its current content. */
export async function getDocument(env: DocumentEnv, kind: DocumentKind, clientId: string, documentId: string): Promise<DocumentView> {
  const view = await viewOf(env, kind, clientId, documentId);
  audit(env, kind, 'read', clientId, documentId);
  return view;
}

/** The client's documents the actor may see (metadata only), oldest first. */
export async function listDocuments(env: DocumentEnv, kind: DocumentKind, clientId: string): Promise<DocumentMeta[]> {
  const rows = await env.tx.rows<Row>(sql`select d.* from ${id(kind.table)} d
    where d.client_id = ${clientId} and ${visibleTo(kind, env.actor)} order by d.created_at, d.id`);
  audit(env, kind, 'read', clientId, null);
  return rows.map((r) => metaOf(kind, r));
}

/** Every document of the client the actor may see, with current content (record export). */
export async function allDocuments(env: DocumentEnv, kind: DocumentKind, clientId: string, include: (m: DocumentMeta) => boolean): Promise<(DocumentView & { verification: Verification })[]> {
  const rows = await env.tx.rows<Row>(sql`select d.* from ${id(kind.table)} d
    where d.client_id = ${clientId} and ${visibleTo(kind, env.actor)} order by d.created_at, d.id`);
  const out: (DocumentView & { verification: Verification })[] = [];
  const metas = rows.map((r) => metaOf(kind, r)).filter(include);
  const included = new Set(metas.map((m) => m.id));
  for (const meta of metas) {
    const content = await readVersion(env, kind, meta.id, meta.version);
    const children = metas.filter((m) => m.parentId === meta.id && included.has(m.id));
    out.push({
      ...meta,
      content,
      addenda: children.filter((c) => c.kind === 'addendum').map((c) => c.id),
      amendments: children.filter((c) => c.kind === 'amendment').map((c) => c.id),
      verification: verifyContent(meta, content),
    });
  }
  return out;
}

export async function listVersions(env: DocumentEnv, kind: DocumentKind, clientId: string, documentId: string): Promise<VersionMeta[]> {
  await loadMeta(env, kind, clientId, documentId);
  const rows = await env.tx.rows<{ version: number; saved_by: string; saved_at: Date | string }>(sql`select version, saved_by, saved_at
    from ${id(kind.versionsTable)} where document_id = ${documentId} order by version`);
  audit(env, kind, 'read', clientId, documentId);
  return rows.map((r) => ({ version: Number(r.version), savedBy: r.saved_by, savedAt: asDate(r.saved_at) }));
}

export async function getVersion(env: DocumentEnv, kind: DocumentKind, clientId: string, documentId: string, version: number): Promise<{ meta: DocumentMeta; content: DocumentContent }> {
  const meta = await loadMeta(env, kind, clientId, documentId);
  const content = await readVersion(env, kind, documentId, version);
  audit(env, kind, 'read', clientId, documentId);
  return { meta, content };
}

/** Word-level differences from version a to version b, section by section. */
export async function diffVersions(env: DocumentEnv, kind: DocumentKind, clientId: string, documentId: string, a: number, b: number): Promise<SectionDiff[]> {
  const meta = await loadMeta(env, kind, clientId, documentId);
  const type = CONTENT_TYPES[meta.format];
  const before = await readVersion(env, kind, documentId, a);
  const after = await readVersion(env, kind, documentId, b);
  audit(env, kind, 'read', clientId, documentId);
  return diffSections(type.sections(before), type.sections(after));
}

/**
 * Signs the version the signer saw (a newer save is a 409): stores signer, time and the SHA-256 of
 * the canonical content; from then on the triggers refuse every change. Only the author signs.
 */
export async function signDocument(env: DocumentEnv, kind: DocumentKind, input: { clientId: string; documentId: string; version: number }): Promise<DocumentView> {
  const doc = await loadMeta(env, kind, input.clientId, input.documentId, { forUpdate: true });
  if (doc.status === 'signed') throw new DocumentLockedProblem('This document is already signed.');
  if (doc.authorId !== env.actor.userId) throw new ForbiddenProblem('Only the author signs a document.');
  if (doc.version !== input.version) throw new VersionConflictProblem(doc.version);
  const content = await readVersion(env, kind, doc.id, doc.version);
  const type = CONTENT_TYPES[doc.format];
  const gaps = type.gaps(content);
  if (gaps.length > 0) throw new ValidationProblem(gaps, 'The document is not complete enough to sign; see errors.');
  // Millisecond precision: the time hashed is exactly the time stored and read back.
  const signedAt = new Date(env.now.getTime());
  const hash = type.hash({ documentId: doc.id, content, signedBy: env.actor.userId, signedAt });
  await lockAware(() =>
    env.tx.rows(sql`update ${id(kind.table)} set signed_by = ${env.actor.userId}, signed_at = ${signedAt.toISOString()}::timestamptz,
      signed_version = current_version, content_sha256 = ${hash}, updated_at = ${signedAt.toISOString()}::timestamptz
      where id = ${doc.id} and signed_at is null`),
  );
  audit(env, kind, 'sign', input.clientId, doc.id);
  return viewOf(env, kind, input.clientId, doc.id, content);
}

function verifyContent(meta: DocumentMeta, content: DocumentContent): Verification {
  if (meta.status !== 'signed' || !meta.signedBy || !meta.signedAt) return { signed: false, valid: false, storedSha256: null, computedSha256: null, reason: 'unsigned' };
  const computed = CONTENT_TYPES[meta.format].hash({ documentId: meta.id, content, signedBy: meta.signedBy, signedAt: meta.signedAt });
  const valid = computed === meta.contentSha256;
  return { signed: true, valid, storedSha256: meta.contentSha256, computedSha256: computed, reason: valid ? 'ok' : 'hash_mismatch' };
}

/** Recomputes the signed hash from the stored ciphertext and says whether it still matches. */
export async function verifyDocument(env: DocumentEnv, kind: DocumentKind, clientId: string, documentId: string): Promise<Verification> {
  const meta = await loadMeta(env, kind, clientId, documentId);
  audit(env, kind, 'verify', clientId, documentId);
  if (meta.status !== 'signed') return verifyContent(meta, {});
  let content: DocumentContent;
  try {
    content = await readVersion(env, kind, documentId, meta.version);
  } catch (err) {
    if (err instanceof DecryptionError) return { signed: true, valid: false, storedSha256: meta.contentSha256, computedSha256: null, reason: 'undecryptable' };
    throw err;
  }
  return verifyContent(meta, content);
}

/** The document's chain original, for grants on author-only kinds (the actor must be its author). */
export async function loadOwnOriginal(env: DocumentEnv, kind: DocumentKind, clientId: string, documentId: string): Promise<DocumentMeta> {
  const doc = await loadMeta(env, kind, clientId, documentId);
  if (doc.kind !== 'original') throw new ValidationProblem([{ field: 'params/noteId', message: 'grants are given on the original note; they cover its addenda and amendments' }]);
  if (doc.authorId !== env.actor.userId) throw new ForbiddenProblem('Only the author grants access to this note.');
  return doc;
}
