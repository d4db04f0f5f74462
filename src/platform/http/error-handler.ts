import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DecryptionError, KeyUnavailableError } from '../crypto/errors.js';
import type { HttpProblem } from './problem.js';
import {
  HttpProblem as Problem,
  InternalProblem,
  MalformedBodyProblem,
  PayloadTooLargeProblem,
  PROBLEM_CONTENT_TYPE,
  RecordShreddedProblem,
  StoredDataIntegrityProblem,
  TooManyRequestsProblem,
  UnsupportedMediaTypeProblem,
  ValidationProblem,
} from './problem.js';

export function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem.toBody(`urn:confidant:request:${reply.request.id}`));
}

/** Maps every thrown error to a problem; anything unknown becomes a bare 500 with no detail of it. */
export function toProblem(err: unknown, bodyLimit: number): { problem: HttpProblem; unexpected: boolean } {
  if (err instanceof Problem) return { problem: err, unexpected: false };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({
      field: [err.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean).join('/'),
      message: v.message ?? 'invalid value',
    }));
    return { problem: new ValidationProblem(errors), unexpected: false };
  }
  // Not bugs: the stored data itself is at fault, and the user is told so in words.
  if (err instanceof DecryptionError) return { problem: new StoredDataIntegrityProblem(), unexpected: false };
  if (err instanceof KeyUnavailableError && err.reason === 'destroyed') return { problem: new RecordShreddedProblem(), unexpected: false };
  if (isResponseSerializationError(err)) return { problem: new InternalProblem(), unexpected: true };
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { problem: new PayloadTooLargeProblem(bodyLimit), unexpected: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { problem: new UnsupportedMediaTypeProblem(), unexpected: false };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { problem: new MalformedBodyProblem(), unexpected: false };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { problem: new MalformedBodyProblem('The request body is empty but the content type says JSON.'), unexpected: false };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { problem: new MalformedBodyProblem('The Content-Length header does not match the body.'), unexpected: false };
    case 'FST_ERR_VALIDATION':
      return { problem: new ValidationProblem([{ field: 'request', message: 'invalid request' }]), unexpected: false };
    default:
      break;
  }
  if (fe.statusCode === 429) return { problem: new TooManyRequestsProblem(60), unexpected: false };
  // JSON.parse errors from the body parser arrive as 400 SyntaxErrors.
  if (err instanceof SyntaxError && fe.statusCode === 400) return { problem: new MalformedBodyProblem(), unexpected: false };
  return { problem: new InternalProblem(), unexpected: true };
}

export function registerErrorHandler(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { problem, unexpected } = toProblem(err, bodyLimit);
    if (err instanceof DecryptionError) {
      // Ids only (table, column, row, practice): never the ciphertext.
      request.log.error({ integrity: err.field, route: request.routeOptions.url }, 'stored field failed authentication');
    }
    if (unexpected) {
      // The message is left out (a database error can quote the values it refused); class, code and
      // stack frames are enough to find the bug.
      const e = err as Partial<FastifyError>;
      const frames = typeof e.stack === 'string' ? e.stack.split('\n').slice(1, 12).join('\n') : undefined;
      request.log.error({ err: { type: (err as Error)?.name ?? typeof err, code: e.code ?? null, frames }, route: request.routeOptions.url }, 'unhandled error');
    }
    return sendProblem(reply, problem);
  });
}
