import type { PracticeContext } from '../db/practice-tx.js';
import { NotFoundProblem } from '../http/problem.js';
import type { Actor } from './permissions.js';

/** The practice transaction context of a caller acting in the session's active practice. */
export function practiceContextOf(actor: Actor): PracticeContext & { practiceId: string; userId: string; sessionId: string; role: string } {
  if (!actor.practiceId) throw new NotFoundProblem('Choose a practice first: POST /api/session/practice.');
  return { practiceId: actor.practiceId, userId: actor.userId, sessionId: actor.sessionId, role: actor.role ?? (actor.isOperatorAdmin ? 'operator_admin' : 'none') };
}
