import type { Action } from '../../platform/auth/permissions.js';
import type { SqlRunner } from '../../platform/db/database.js';
import { ForbiddenProblem } from '../../platform/http/problem.js';
import type { BaaStatus } from './service.js';
import { currentBaaStatus } from './service.js';

/**
 * 45 CFR 164.502(e): a practice's PHI may be created or received here only under an executed
 * Business Associate Agreement. After termination (164.504(e)(2)(ii)(J)) nothing new comes in, but
 * the practice can still read and export its records to take them back.
 */
export function baaAllows(status: BaaStatus, action: Action): boolean {
  if (status === 'executed') return true;
  if (status === 'terminated') return action === 'read' || action === 'export';
  return false;
}

export class BaaRequiredProblem extends ForbiddenProblem {
  constructor(status: BaaStatus) {
    super(
      status === 'terminated'
        ? 'The Business Associate Agreement for this practice is terminated: its records can be read and exported, but no PHI can be added or changed.'
        : 'No executed Business Associate Agreement is on record for this practice, so no PHI can be created or received until the operator records one.',
      'baa-required',
    );
  }
}

/** Throws 403 `baa-required` unless the practice's BAA allows the action. Used by the route gate and by non-HTTP entry points (imports, jobs). */
export async function assertBaaAllows(db: Pick<SqlRunner, 'rows'>, practiceId: string, action: Action): Promise<void> {
  const status = await currentBaaStatus(db, practiceId);
  if (!baaAllows(status, action)) throw new BaaRequiredProblem(status);
}
