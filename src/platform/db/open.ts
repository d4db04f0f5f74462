import type { Config } from '../../config.js';
import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export async function openDatabase(db: Config['database']): Promise<Database> {
  return db.kind === 'pglite' ? openPglite(db.dataDir) : openPostgres(db);
}
