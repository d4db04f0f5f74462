import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type RawDatabaseSource = { dataDir: string } | { postgresUrl: string };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A plain SQL dump of a Postgres database, as a backup would hold it. */
export function pgDump(postgresUrl: string, extraArgs: string[] = []): string {
  const r = spawnSync('/usr/bin/pg_dump', ['--no-owner', '--no-privileges', ...extraArgs, postgresUrl], { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * Which of `needles` appear anywhere in the raw database: every file of a PGlite data directory (data
 * pages, WAL, everything; close the database first so it is flushed), or a pg_dump of a Postgres
 * database. Used with canary strings written through an API to prove PHI is stored encrypted.
 */
export async function rawDatabaseContains(source: RawDatabaseSource, needles: string[]): Promise<string[]> {
  const wanted = needles.map((n) => ({ n, bytes: Buffer.from(n, 'utf8') }));
  const found = new Set<string>();
  if ('dataDir' in source) {
    for (const file of filesUnder(source.dataDir)) {
      const content = readFileSync(file);
      for (const w of wanted) if (!found.has(w.n) && content.includes(w.bytes)) found.add(w.n);
    }
  } else {
    const dump = pgDump(source.postgresUrl);
    for (const w of wanted) if (dump.includes(w.n)) found.add(w.n);
  }
  return needles.filter((n) => found.has(n));
}
