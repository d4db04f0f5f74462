// /health throughput with autocannon against a real server on the embedded database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/main.js';
import { machineLine } from '../machine.js';

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const base = mkdtempSync(path.join(tmpdir(), 'confidant-bench-http-'));
const server = await startServer(loadConfig({ CONFIDANT_DATA_DIR: path.join(base, 'data'), PORT: '0', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
try {
  for (const url of ['/health', '/ready']) {
    const result = await autocannon({ url: `${server.url}${url}`, connections: CONNECTIONS, duration: DURATION });
    console.log(
      `GET ${url}: ${Math.round(result.requests.average)} req/s average, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
        `${result.non2xx} non-2xx, ${result.errors} errors (${CONNECTIONS} connections, ${DURATION} s)`,
    );
  }
} finally {
  await server.close();
  rmSync(base, { recursive: true, force: true });
}
console.log(machineLine());
