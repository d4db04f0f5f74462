import { loadConfig } from '../config.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/open.js';
import { prepareDataDir } from '../platform/setup/first-start.js';

export async function runMigrate(): Promise<void> {
  const config = loadConfig();
  prepareDataDir(config.dataDir);
  const db = await openDatabase(config.database);
  try {
    const result = await migrate(db, { onApplied: (m) => console.log(`applied ${m.name}`) });
    console.log(result.applied.length === 0 ? `schema is current (version ${result.current})` : `${result.applied.length} migration(s) applied; schema at version ${result.current}`);
  } finally {
    await db.close();
  }
}
