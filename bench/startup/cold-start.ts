// Time from launching `confidant start` to the first 200 from /health, on an empty data directory
// (first start: migrations, keyring, setup token) and on an existing one (restart).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { machineLine } from '../machine.js';

const RUNS = Number(process.env.RUNS ?? 5);
const root = path.resolve(import.meta.dirname, '../..');

async function timeToHealth(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/confidant.js', 'start'], {
    cwd: root,
    env: { ...process.env, CONFIDANT_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
      if (performance.now() - started > 60_000) throw new Error('no answer within 60 s');
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

function summary(label: string, ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `${label}: min ${s[0]!.toFixed(0)} ms, median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms (${s.length} runs)`;
}

const first: number[] = [];
const restart: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const base = mkdtempSync(path.join(tmpdir(), 'confidant-bench-start-'));
  const dataDir = path.join(base, 'data');
  first.push(await timeToHealth(dataDir, 18900 + i));
  restart.push(await timeToHealth(dataDir, 18950 + i));
  rmSync(base, { recursive: true, force: true });
}
console.log(machineLine());
console.log(summary('cold start, empty data directory -> /health 200', first));
console.log(summary('restart, existing data directory -> /health 200', restart));
