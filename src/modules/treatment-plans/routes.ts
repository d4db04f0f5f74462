import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { DocumentRouteDeps } from '../notes/document-routes.js';
import { registerDocumentRoutes } from '../notes/document-routes.js';
import { TREATMENT_PLANS } from './plan-kind.js';

/** Treatment plans (/api/practice/clients/:clientId/treatment-plans...). */
export const treatmentPlanRoutes: FastifyPluginAsync<DocumentRouteDeps> = async (app, deps) => {
  registerDocumentRoutes(app, deps, {
    kind: TREATMENT_PLANS,
    basePath: '/api/practice/clients/:clientId/treatment-plans',
    idParam: 'planId',
    tag: 'treatment-plans',
    noun: 'treatment plan',
    createBody: z.object({ content: z.record(z.string(), z.unknown(), { error: 'expected the plan as an object' }).default({}) }),
    toCreate: (b) => ({ format: 'treatment_plan', content: b.content, extras: {} }),
    saveExtras: {},
    extrasOf: () => ({}),
    present: () => ({}),
  });
};
