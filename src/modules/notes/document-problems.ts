import { HttpProblem, NotFoundProblem } from '../../platform/http/problem.js';

/** A signed document refuses every change (45 CFR 164.312(c)(1)); later changes are addenda or amendments. */
export class DocumentLockedProblem extends HttpProblem {
  constructor(detail = 'This document is signed and locked; write an addendum or an amendment instead.') {
    super(409, 'document-locked', 'Document locked', detail);
  }
}

/** The editor saved or signed on top of a version that is no longer the latest (another tab or person saved). */
export class VersionConflictProblem extends HttpProblem {
  constructor(currentVersion: number) {
    super(409, 'version-conflict', 'Version conflict', 'The document was saved elsewhere since you opened it; reload it and apply your changes to the latest version.', { currentVersion });
  }
}

/** Addenda and amendments are written on signed documents only. */
export class NotSignedProblem extends HttpProblem {
  constructor(detail: string) {
    super(409, 'document-not-signed', 'Document not signed', detail);
  }
}

/** A document id that does not exist, or that the caller may not know exists (psychotherapy notes). */
export const DOCUMENT_NOT_FOUND = 'No such document for this client.';

/**
 * A document that exists but is hidden from the caller (another author's psychotherapy note). The
 * response is the same 404 as for an id that does not exist; the route layer records the attempt as
 * denied in the audit trail (45 CFR 164.312(b)).
 */
export class HiddenDocumentProblem extends NotFoundProblem {
  constructor(
    readonly resourceType: string,
    readonly documentId: string,
    readonly clientId: string,
  ) {
    super(DOCUMENT_NOT_FOUND);
  }
}
