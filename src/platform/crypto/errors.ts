/**
 * Errors of the encryption layer. Messages carry table, column and ids only: never plaintext,
 * ciphertext or key material, so they may be logged.
 */

/** A ciphertext failed authentication: tampered, truncated, or moved to another row, column or practice. */
export class DecryptionError extends Error {
  constructor(
    message: string,
    readonly field: { table: string; column: string; rowId: string; practiceId: string },
  ) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** A key is not in the keyring or the database: never created, or destroyed by crypto-shredding. */
export class KeyUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'destroyed',
  ) {
    super(message);
    this.name = 'KeyUnavailableError';
  }
}

/** The keyring file or environment document cannot be read, opened or written. */
export class KeyringError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyringError';
  }
}

/** A value cannot be normalised for a blind index (e.g. a phone number that is not a phone number). */
export class NormalisationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NormalisationError';
  }
}
