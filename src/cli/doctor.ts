import { loadConfig } from '../config.js';
import type { Database } from '../platform/db/database.js';
import { openDatabase } from '../platform/db/open.js';
import { runDoctorChecks } from '../platform/doctor/checks.js';

/** Prints each check; the exit code is 0 only when every check passes. */
export async function runDoctor(): Promise<number> {
  const config = loadConfig();
  const db: Database | null = await openDatabase(config.database).catch(() => null);
  try {
    const results = await runDoctorChecks(config, db);
    for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(18)} ${r.detail}`);
    const failed = results.filter((r) => !r.ok).length;
    console.log(failed === 0 ? `\nAll ${results.length} checks passed.` : `\n${failed} of ${results.length} checks failed.`);
    return failed === 0 ? 0 : 1;
  } finally {
    await db?.close();
  }
}
