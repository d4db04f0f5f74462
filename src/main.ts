import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { Database } from './platform/db/database.js';
import { inspectAppRole, roleProblems } from './platform/db/inspect.js';
import { migrate } from './platform/db/migrate.js';
import { openDatabase } from './platform/db/open.js';
import { signerFromKeyring } from './platform/audit/keyring-signer.js';
import { startAuditSealer } from './platform/audit/sealer.js';
import { createLogger } from './platform/logger.js';
import type { Keyring } from './platform/crypto/keyring.js';
import { initialiseKeyring } from './platform/crypto/open-keyring.js';
import { provisionMissingPracticeKeys } from './platform/crypto/provision.js';
import { createAppCiphers } from './platform/crypto/app-ciphers.js';
import { convertIdentityBacklog } from './platform/auth/identity-backlog.js';
import { operatorAdminExists } from './platform/auth/users.js';
import type { SetupTokenIssue } from './platform/setup/first-start.js';
import { issueSetupTokenIfNeeded, prepareDataDir } from './platform/setup/first-start.js';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  keyring: Keyring;
  url: string;
  setupToken: SetupTokenIssue | null;
  close(): Promise<void>;
}

/** The setup token is issued only while no active operator admin account exists. */
async function hasOperatorAdmin(db: Database): Promise<boolean> {
  return operatorAdminExists(db);
}

/** The web app's build beside the sources (src/ or dist/ both sit next to web/). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

/** start-up: config -> data dir -> database -> migrations -> keyring -> setup token -> app -> listen. */
export async function startServer(config: Config, opts: { logger?: Logger; webRoot?: string } = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  prepareDataDir(config.dataDir);
  const db = await openDatabase(config.database);
  try {
    const { applied } = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    if (config.env === 'production') {
      const problems = roleProblems(await inspectAppRole(db));
      if (problems.length > 0) throw new StartupError(`Refusing to start in production: ${problems.join('; ')}`);
    }
    const { keyring, created } = await initialiseKeyring(config, db);
    if (created) logger.info({ provider: keyring.providerName }, 'keyring created');
    // Identity rows written before migration 0050 are encrypted now, before anything is served.
    const converted = await convertIdentityBacklog(db, createAppCiphers(db, keyring), (done) => logger.info({ done }, 'encrypting pre-0050 identity rows'));
    if (converted > 0) logger.info({ converted }, 'pre-0050 identity rows encrypted');
    const provisioned = await provisionMissingPracticeKeys(db, keyring);
    if (provisioned > 0) logger.info({ provisioned }, 'keys provisioned for practices that had none');
    const setupToken = await issueSetupTokenIfNeeded(db, () => hasOperatorAdmin(db));
    const app = await buildApp({ config, db, logger, keyring, webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT });
    await app.listen({ host: config.host, port: config.port });
    // Seals committed audit events every few seconds and once more at shutdown (after the server
    // stops taking requests, so the last requests' events are sealed and checkpointed too).
    const sealer = startAuditSealer(db, signerFromKeyring(keyring), {
      intervalMs: config.auditSealIntervalMs,
      onError: (err) => logger.error({ err: { type: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'audit seal pass failed'),
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const scheme = config.tls ? 'https' : 'http';
    const url = config.publicUrl ?? `${scheme}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    return {
      app,
      db,
      keyring,
      url,
      setupToken,
      async close(): Promise<void> {
        await app.close();
        await sealer.stop();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
