import type { DocumentKind } from '../notes/document-store.js';

/** Treatment plans: versioned and signed like notes (the same store), content per plan-content.ts. */
export const TREATMENT_PLANS: DocumentKind = {
  table: 'treatment_plans',
  versionsTable: 'treatment_plan_versions',
  resourceType: 'treatment_plan',
  originalFormats: ['treatment_plan'],
  extraColumns: [],
};
