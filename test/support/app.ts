import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { AppDeps } from '../../src/app.js';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Keyring } from '../../src/platform/crypto/keyring.js';
import { openTestKeyring } from './keyring.js';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
}

/** An app on the given database; `extend` may register extra routes before the app is ready. */
export async function buildTestApp(
  db: Database,
  opts: { env?: Record<string, string>; keyring?: Keyring; extend?: (app: FastifyInstance) => void | Promise<void>; logger?: AppDeps['logger']; now?: () => Date } = {},
): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(opts.env), db, logger: opts.logger ?? pino({ level: 'silent' }), now: opts.now, keyring: opts.keyring ?? (await openTestKeyring(db)) });
  if (opts.extend) await opts.extend(app);
  await app.ready();
  return app;
}
