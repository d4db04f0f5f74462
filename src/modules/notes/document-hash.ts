import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth and no whitespace: one byte string per value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export interface SignedDocument {
  /** Names the document type and its format version, e.g. `confidant-treatment-plan-v1`. */
  domain: string;
  documentId: string;
  content: unknown;
  signedBy: string;
  signedAt: Date;
}

/**
 * The SHA-256 recorded when a document other than a progress note is signed (addenda,
 * psychotherapy notes, treatment plans); progress notes use content-hash.ts. Same construction:
 * canonical JSON of domain, id, content, signer and time, so an export can be checked by anyone.
 */
export function signedDocumentHash(d: SignedDocument): string {
  const canonical = JSON.stringify([d.domain, d.documentId, JSON.parse(canonicalJson(d.content)) as unknown, d.signedBy, d.signedAt.toISOString()]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
