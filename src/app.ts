import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import Fastify, { LogController } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { appointmentRoutes } from './modules/appointments/routes.js';
import { assessmentRoutes } from './modules/assessments/routes.js';
import { auditLogRoutes } from './modules/audit-log/routes.js';
import { consentRoutes } from './modules/consents/routes.js';
import { crisisAlertRoutes } from './modules/crisis-alerts/routes.js';
import { baaRoutes } from './modules/baa/routes.js';
import { clientRoutes } from './modules/clients/routes.js';
import { registerBaaGate } from './modules/baa/route-gate.js';
import { healthRoutes } from './modules/health/routes.js';
import { noteRoutes } from './modules/notes/routes.js';
import { psychotherapyNoteRoutes } from './modules/psychotherapy-notes/routes.js';
import { treatmentPlanRoutes } from './modules/treatment-plans/routes.js';
import { signerFromKeyring } from './platform/audit/keyring-signer.js';
import type { Keyring } from './platform/crypto/keyring.js';
import type { AppCiphers } from './platform/crypto/app-ciphers.js';
import { createAppCiphers } from './platform/crypto/app-ciphers.js';
import { registerAuthentication, registerIdentityRoutes } from './modules/accounts/plugin.js';
import type { PasswordResetDelivery } from './platform/auth/password-reset.js';
import type { InvitationDelivery } from './modules/members/invitations.js';
import { identityMailFromConfig } from './platform/mail/identity-mail.js';
import type { Database } from './platform/db/database.js';
import { registerErrorHandler } from './platform/http/error-handler.js';
import { registerNotFound } from './platform/http/not-found.js';
import { markApiDocsPublic, registerOpenApi } from './platform/http/openapi.js';
import { generateRequestId, registerRequestLogging } from './platform/http/request-logging.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { registerWebApp } from './platform/http/static-app.js';

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Injectable clock so timeouts and expiries can be tested without waiting. */
  now?: () => Date;
  /** The installation keyring: practice and installation field keys, audit checkpoint signing. */
  keyring: Keyring;
  /** Per-IP limit on authentication routes, requests per minute (default 30). */
  authRateLimitPerMinute?: number;
  /** Delivers password reset links; by default the SMTP mailer when configured, else none. */
  deliverPasswordReset?: PasswordResetDelivery;
  /** Mails invitation links; by default the SMTP mailer when configured, else none. */
  deliverInvitation?: InvitationDelivery;
  /** The built web app (web/dist) to serve at `/`; without it only the API is served. */
  webRoot?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Field ciphers for PHI (per practice) and for installation-level personal data (accounts). */
    ciphers: AppCiphers;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (health, login, setup). Everything else requires one. */
    public?: boolean;
  }
}

/** Wires platform plugins and feature modules together; holds no business logic. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const opts: FastifyServerOptions & { https?: unknown } = {
    loggerInstance: deps.logger,
    // Fastify's own request lines include the raw URL; ours (request-logging.ts) carry the route pattern.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: generateRequestId,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  };
  if (config.tls) {
    opts.https = {
      cert: readFileSync(config.tls.cert),
      key: readFileSync(config.tls.key),
      minVersion: 'TLSv1.2',
      // AEAD suites with forward secrecy only (TLS 1.3 suites are always strong and set separately).
      ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256',
      honorCipherOrder: true,
    };
  }
  const app = Fastify(opts as FastifyServerOptions).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorate('ciphers', createAppCiphers(deps.db, deps.keyring));
  registerNotFound(app, { fallback: deps.webRoot ? await registerWebApp(app, deps.webRoot) : null });
  registerErrorHandler(app, config.bodyLimit);
  registerRequestLogging(app);
  await registerSecurityHeaders(app, { tls: config.tls !== null || config.tlsTerminatedByProxy });
  await app.register(cors, {
    // Closed unless the operator lists origins; credentials only for those origins.
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: config.corsOrigins.length > 0,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  });
  markApiDocsPublic(app);
  // Before every other route: its hooks make each route require a session unless it says `public`.
  await registerAuthentication(app, deps);
  registerBaaGate(app, deps.db);
  await registerOpenApi(app);

  await app.register(healthRoutes, { db: deps.db });
  const mail = identityMailFromConfig(config);
  if (mail) app.addHook('onClose', async () => mail.close());
  await registerIdentityRoutes(app, {
    ...deps,
    deliverPasswordReset: deps.deliverPasswordReset ?? mail?.deliverPasswordReset,
    deliverInvitation: deps.deliverInvitation ?? mail?.deliverInvitation,
  });
  await app.register(baaRoutes, { db: deps.db });
  await app.register(auditLogRoutes, { db: deps.db, signer: signerFromKeyring(deps.keyring) });
  const clinical = { db: deps.db, cipher: app.ciphers.practice, now: deps.now ?? ((): Date => new Date()) };
  await app.register(clientRoutes, clinical);
  await app.register(appointmentRoutes, clinical);
  // Measurement-based care (issue 6): assessments, crisis alerts, consents.
  const clinicalNow = deps.now ?? ((): Date => new Date());
  await app.register(assessmentRoutes, { db: deps.db, cipher: app.ciphers.practice, now: clinicalNow });
  await app.register(crisisAlertRoutes, { db: deps.db, cipher: app.ciphers.practice, now: clinicalNow });
  await app.register(consentRoutes, { db: deps.db, now: clinicalNow });
  // Clinical documents (issue 6): progress notes and record export, psychotherapy notes, treatment plans.
  const documentDeps = { db: deps.db, now: deps.now ?? (() => new Date()), cipher: app.ciphers.practice };
  await app.register(noteRoutes, documentDeps);
  await app.register(psychotherapyNoteRoutes, documentDeps);
  await app.register(treatmentPlanRoutes, documentDeps);

  return app;
}
