import { loadConfig } from '../config.js';
import { startServer } from '../main.js';

export async function runStart(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  // The web app is built on first start and whenever its sources are newer than the build.
  const { ensureWebBuild } = await import('../../scripts/build-web.mjs');
  await ensureWebBuild();
  const server = await startServer(config);
  console.log(`Confidant is listening on ${server.url} (${config.database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'}; ready in ${Date.now() - started} ms)`);
  if (server.setupToken) {
    console.log(
      `\nFirst start: create the first operator admin with this one-time setup token (valid until ${server.setupToken.expiresAt.toISOString()}):\n\n  ${server.setupToken.token}\n\n` +
        `Use it with \`confidant setup-admin\` or in the web app's setup screen. It is shown once; restarting before setup issues a new one.\n`,
    );
  }
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.log(`${signal} received, shutting down`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
