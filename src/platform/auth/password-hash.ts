import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with parameters at or above the OWASP Password Storage Cheat Sheet recommendation
 * (m=19 MiB, t=2, p=1). When these rise, verifyPassword reports needsRehash and login re-hashes.
 */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const ARGON2_PARAMS: Argon2Params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
const ARGON2ID = 2;

export async function hashPassword(password: string, params: Argon2Params = ARGON2_PARAMS): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...params });
}

function parseParams(phc: string): Argon2Params | null {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  if (!m) return null;
  return { memoryCost: Number(m[1]), timeCost: Number(m[2]), parallelism: Number(m[3]) };
}

export function needsRehash(phc: string, params: Argon2Params = ARGON2_PARAMS): boolean {
  const p = parseParams(phc);
  return !p || p.memoryCost < params.memoryCost || p.timeCost < params.timeCost || p.parallelism < params.parallelism;
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/** Verifies against a throwaway hash so an unknown email costs the same time as a wrong password. */
export async function burnVerifyTime(password: string): Promise<void> {
  dummy ??= hashPassword('confidant-timing-equaliser');
  await verifyPassword(await dummy, password);
}
