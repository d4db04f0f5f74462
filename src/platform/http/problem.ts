/**
 * RFC 9457 problem details. Each failure has its own class so callers throw what happened and the
 * error handler never has to guess; `detail` is written for the person reading it and must never
 * carry PHI, a stack trace or echoed input.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemType(slug: string): string {
  return `urn:confidant:problem:${slug}`;
}

export class HttpProblem extends Error {
  readonly headers: Record<string, string> = {};
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: problemType(this.slug),
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. "body/name". */
  field: string;
  message: string;
}

export class ValidationProblem extends HttpProblem {
  constructor(readonly errors: FieldError[], detail = 'The request did not pass validation; see errors for each field.') {
    super(400, 'validation', 'Invalid request', detail, { errors });
  }
}

export class MalformedBodyProblem extends HttpProblem {
  constructor(detail = 'The request body is not valid JSON.') {
    super(400, 'malformed-body', 'Malformed request body', detail);
  }
}

export class UnauthorizedProblem extends HttpProblem {
  constructor(detail = 'Sign in to continue.') {
    super(401, 'unauthorized', 'Authentication required', detail);
  }
}

export class ForbiddenProblem extends HttpProblem {
  constructor(detail = 'You do not have permission to do this.', slug = 'forbidden') {
    super(403, slug, 'Forbidden', detail);
  }
}

export class NotFoundProblem extends HttpProblem {
  constructor(detail = 'No such resource.') {
    super(404, 'not-found', 'Not found', detail);
  }
}

export class MethodNotAllowedProblem extends HttpProblem {
  constructor(allowed: string[]) {
    super(405, 'method-not-allowed', 'Method not allowed', `This resource supports ${allowed.join(', ')}.`, { allow: allowed });
    this.headers.allow = allowed.join(', ');
  }
}

export class ConflictProblem extends HttpProblem {
  constructor(detail: string, slug = 'conflict') {
    super(409, slug, 'Conflict', detail);
  }
}

export class PayloadTooLargeProblem extends HttpProblem {
  constructor(limit: number) {
    super(413, 'payload-too-large', 'Payload too large', `The request body exceeds the limit of ${limit} bytes.`, { limit });
  }
}

export class UnsupportedMediaTypeProblem extends HttpProblem {
  constructor(detail = 'Send the body as application/json.') {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}

export class TooManyRequestsProblem extends HttpProblem {
  constructor(retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', `Try again in ${retryAfterSeconds} seconds.`);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

export class ServiceUnavailableProblem extends HttpProblem {
  constructor(detail: string) {
    super(503, 'unavailable', 'Service unavailable', detail);
  }
}

/** Stored ciphertext did not authenticate: possibly altered outside Confidant. Recorded as a security event. */
export class StoredDataIntegrityProblem extends HttpProblem {
  constructor() {
    super(
      500,
      'stored-data-integrity',
      'Stored data failed its integrity check',
      'Part of this record could not be decrypted because it failed authentication: it may have been altered outside Confidant. Nothing was changed; the failure is recorded as a security event for the practice owner and the operator.',
    );
  }
}

/** The record's key was destroyed (crypto-shredding under the retention policy): its content is gone for good. */
export class RecordShreddedProblem extends HttpProblem {
  constructor() {
    super(410, 'record-shredded', 'This record has been destroyed', "The practice's encryption keys were destroyed under its retention policy; the content can no longer be read by anyone.");
  }
}

export class InternalProblem extends HttpProblem {
  constructor() {
    super(500, 'internal', 'Internal server error', 'Something went wrong on our side. The error has been logged with this request id.');
  }
}
