import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import type { Database } from '../../platform/db/database.js';
import { NotFoundProblem } from '../../platform/http/problem.js';
import { Uuid } from '../accounts/schemas.js';
import { findPractice } from '../practices/service.js';
import type { BaaRecord } from './service.js';
import { BAA_STATUSES, baaHistoryForOperator, currentBaa, NO_BAA, recordBaa } from './service.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';

const BaaView = z.object({
  status: z.enum(BAA_STATUSES),
  effectiveDate: z.string().nullable(),
  signatory: z.string().nullable(),
  documentSha256: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string().nullable(),
});
const view = (r: BaaRecord): z.infer<typeof BaaView> => ({ ...r, recordedAt: r.recordedAt ? r.recordedAt.toISOString() : null });

const IsoDate = z.iso.date({ error: 'expected a date (YYYY-MM-DD)' });
const BaaBody = z
  .object({
    status: z.enum(BAA_STATUSES),
    effectiveDate: IsoDate.nullish(),
    signatory: z.string().trim().min(1).max(200).nullish(),
    documentSha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { error: 'expected the SHA-256 of the signed document (64 hex digits)' })
      .transform((s) => s.toLowerCase())
      .nullish(),
  })
  .superRefine((b, ctx) => {
    if ((b.status === 'executed' || b.status === 'terminated') && !b.effectiveDate) {
      ctx.addIssue({ code: 'custom', path: ['effectiveDate'], message: `a ${b.status} BAA needs its ${b.status === 'executed' ? 'effective' : 'termination'} date` });
    }
    if (b.status === 'executed' && !b.signatory) ctx.addIssue({ code: 'custom', path: ['signatory'], message: 'an executed BAA needs the name of who signed it for the practice' });
    if (b.status === 'executed' && !b.documentSha256) ctx.addIssue({ code: 'custom', path: ['documentSha256'], message: 'an executed BAA needs the SHA-256 of the signed document' });
  });

/** Operator admins record a practice's BAA; its owner can see where it stands. */
export const baaRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  const existingPractice = async (practiceId: string): Promise<void> => {
    if (!(await findPractice(db, practiceId))) throw new NotFoundProblem();
  };

  app.put(
    '/api/admin/practices/:practiceId/baa',
    {
      schema: {
        tags: ['admin'],
        summary: "Record a change of the practice's Business Associate Agreement (none, pending, executed, terminated)",
        params: z.object({ practiceId: Uuid }),
        body: BaaBody,
        response: { 200: BaaView },
      },
      config: { access: { action: 'manage', resource: 'installation' } },
    },
    async (request) => {
      await existingPractice(request.params.practiceId);
      return view(await recordBaa(db, requireActor(request), request.params.practiceId, request.body));
    },
  );

  app.get(
    '/api/admin/practices/:practiceId/baa',
    {
      schema: {
        tags: ['admin'],
        summary: "The practice's BAA and its history, newest first",
        params: z.object({ practiceId: Uuid }),
        response: { 200: z.object({ current: BaaView, history: z.array(BaaView) }) },
      },
      config: { access: { action: 'read', resource: 'installation' } },
    },
    async (request) => {
      await existingPractice(request.params.practiceId);
      const history = await baaHistoryForOperator(db, requireActor(request), request.params.practiceId);
      return { current: view(history[0] ?? NO_BAA), history: history.map(view) };
    },
  );

  app.get(
    '/api/practice/baa',
    { schema: { tags: ['practice'], summary: "The active practice's BAA as recorded by the operator", response: { 200: BaaView } }, config: { access: { action: 'read', resource: 'practice' } } },
    async (request) => {
      const actor = requireActor(request);
      return view(await withPracticeTx(db, practiceContextOf(actor), (tx) => currentBaa(tx, tx.practiceId)));
    },
  );
};
