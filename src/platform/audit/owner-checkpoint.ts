import type { Database } from '../db/database.js';
import type { PracticeContext } from '../db/practice-tx.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { CheckpointFile } from './checkpoint.js';
import { currentCheckpoint, toCheckpointFile } from './checkpoint.js';
import { requireAuditViewer } from './query.js';
import type { CheckpointSigner } from './signer.js';

/**
 * What the owners' GET checkpoint route returns: a signed checkpoint of the practice's trail that
 * the owner can keep outside Confidant. The request is recorded first, so the checkpoint covers it.
 * Null while the practice has nothing sealed (the route answers 404).
 */
export async function checkpointForViewer(db: Database, viewer: PracticeContext, signer: CheckpointSigner): Promise<CheckpointFile | null> {
  await requireAuditViewer(db, viewer, 'audit_checkpoint');
  await withPracticeTx(db, viewer, async (tx) => {
    tx.audit({ action: 'read', resourceType: 'audit_checkpoint', purposeOfUse: 'operations' });
  });
  const cp = await currentCheckpoint(db, viewer.practiceId, signer);
  if (!cp) return null;
  const key = signer.publicKeyFor(cp.keyId);
  if (!key) throw new Error(`checkpoint key ${cp.keyId} is not in the keyring`);
  return toCheckpointFile(cp, key);
}
