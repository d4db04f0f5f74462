import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { Database } from './platform/db/database.js';
import { inspectAppRole, roleProblems } from './platform/db/inspect.js';
import { migrate } from './platform/db/migrate.js';
import { openDatabase } from './platform/db/open.js';
import { createLogger } from './platform/logger.js';
import { operatorAdminExists } from './platform/auth/users.js';
import type { SetupTokenIssue } from './platform/setup/first-start.js';
import { ensureKeyringFile, issueSetupTokenIfNeeded, prepareDataDir } from './platform/setup/first-start.js';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  url: string;
  setupToken: SetupTokenIssue | null;
  close(): Promise<void>;
}

const PLACEHOLDER_KEYRING = (): string => JSON.stringify({ format: 'confidant-keyring', version: 1, keys: [] }, null, 2) + '\n';

/** The setup token is issued only while no active operator admin account exists. */
async function hasOperatorAdmin(db: Database): Promise<boolean> {
  return operatorAdminExists(db);
}

/** start-up: config -> data dir -> database -> migrations -> keyring -> setup token -> app -> listen. */
export async function startServer(config: Config, opts: { logger?: Logger } = {}): Promise<RunningServer> {
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
    ensureKeyringFile(config.dataDir, PLACEHOLDER_KEYRING);
    const setupToken = await issueSetupTokenIfNeeded(db, () => hasOperatorAdmin(db));
    const app = await buildApp({ config, db, logger });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const scheme = config.tls ? 'https' : 'http';
    const url = config.publicUrl ?? `${scheme}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    return {
      app,
      db,
      url,
      setupToken,
      async close(): Promise<void> {
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
