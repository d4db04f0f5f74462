import type { Database } from '../db/database.js';
import type { FieldCipher } from './field-cipher.js';
import { createFieldCipher } from './field-cipher.js';
import type { InstallationFieldCipher } from './installation-cipher.js';
import { createInstallationFieldCipher } from './installation-cipher.js';
import type { Keyring } from './keyring.js';
import { provisionPracticeKeys } from './provision.js';

/**
 * The two field ciphers an app holds: one per-practice (client records, notes, everything a practice
 * owns and crypto-shredding destroys) and one for installation-level personal data (user accounts,
 * which exist before and across practices). One instance each per process, so their key caches serve
 * every request.
 */
export interface AppCiphers {
  practice: FieldCipher;
  installation: InstallationFieldCipher;
  /** Gives a new practice its KEK and first data and index keys (idempotent). */
  provisionPractice(practiceId: string): Promise<void>;
}

export function createAppCiphers(db: Database, keyring: Keyring): AppCiphers {
  return {
    practice: createFieldCipher({ db, keyring }),
    installation: createInstallationFieldCipher({ db, keyring }),
    provisionPractice: (practiceId) => provisionPracticeKeys(db, keyring, practiceId),
  };
}
