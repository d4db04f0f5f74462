import { createInterface } from 'node:readline';
import { loadConfig } from '../config.js';
import { convertIdentityBacklog } from '../platform/auth/identity-backlog.js';
import { createAppCiphers } from '../platform/crypto/app-ciphers.js';
import { initialiseKeyring } from '../platform/crypto/open-keyring.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/open.js';
import { HttpProblem } from '../platform/http/problem.js';
import { prepareDataDir } from '../platform/setup/first-start.js';
import { setupOperatorAdmin } from '../modules/accounts/setup-admin.js';

export interface SetupAdminOptions {
  token?: string;
  email: string;
  name: string;
  passwordStdin?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks for the password without echoing it (never take a password as an argument: `ps` shows those). */
async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  let muted = false;
  out._writeToOutput = (s: string): void => {
    if (!muted) out.output.write(s);
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/**
 * `confidant setup-admin`: creates the first operator admin with the one-time setup token printed at
 * first start. With the embedded database, stop the server first (one process owns the data
 * directory), or use POST /api/setup/admin on the running server.
 */
export async function runSetupAdmin(opts: SetupAdminOptions): Promise<number> {
  const token = opts.token ?? process.env.CONFIDANT_SETUP_TOKEN;
  if (!token) {
    console.error('Give the setup token with --token or CONFIDANT_SETUP_TOKEN (it was printed when Confidant first started).');
    return 2;
  }
  const password = opts.passwordStdin || !process.stdin.isTTY ? await readStdin() : await promptHidden('Password for the new operator admin: ');
  const config = loadConfig();
  prepareDataDir(config.dataDir);
  const db = await openDatabase(config.database);
  try {
    await migrate(db);
    // The account's email and name are sealed with the installation keys: the same keyring the server opens.
    const { keyring } = await initialiseKeyring(config, db);
    const ciphers = createAppCiphers(db, keyring);
    await convertIdentityBacklog(db, ciphers);
    const { userId } = await setupOperatorAdmin(db, ciphers.installation, { setupToken: token, email: opts.email, displayName: opts.name, password }, { now: new Date(), profile: config.passwordProfile });
    console.log(`Operator admin created (user ${userId}). Sign in and enrol two-factor authentication before anything else.`);
    return 0;
  } catch (err) {
    if (err instanceof HttpProblem) {
      const errors = (err.extensions.errors as { message: string }[] | undefined) ?? [];
      console.error([err.detail ?? err.title, ...errors.map((e) => `  - ${e.message}`)].join('\n'));
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}
