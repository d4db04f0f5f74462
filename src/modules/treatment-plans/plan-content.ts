import { z } from 'zod';
import type { DocumentSection } from '../notes/version-diff.js';

/**
 * The content of a treatment plan: problems, each with goals made of measurable objectives (how
 * progress is measured, a target date, a status) and the interventions that address it; the plan's
 * start and review dates. A draft may be incomplete; signing needs a complete plan (planGaps).
 */
const Text = z.string().trim().max(4000);
const IsoDate = z.iso.date({ error: 'a date as YYYY-MM-DD' });

const Objective = z.strictObject({
  description: Text,
  /** How the objective is measured, e.g. "PHQ-9 total below 10 on two consecutive visits". */
  measure: Text.default(''),
  targetDate: IsoDate.nullable().default(null),
  status: z.enum(['open', 'met', 'partially_met', 'not_met', 'discontinued']).default('open'),
});

const Goal = z.strictObject({
  description: Text,
  objectives: z.array(Objective).max(20).default([]),
});

const Intervention = z.strictObject({
  description: Text,
  /** e.g. "weekly, 50 minutes". */
  frequency: Text.default(''),
});

const Problem = z.strictObject({
  description: Text,
  goals: z.array(Goal).max(20).default([]),
  interventions: z.array(Intervention).max(20).default([]),
});

export const TreatmentPlanContentSchema = z.strictObject({
  problems: z.array(Problem).max(20).default([]),
  startDate: IsoDate.nullable().default(null),
  reviewDate: IsoDate.nullable().default(null),
});

export type TreatmentPlanContent = z.infer<typeof TreatmentPlanContentSchema>;

/** What a plan still lacks before it can be signed (empty when complete). */
export function planGaps(plan: TreatmentPlanContent): { field: string; message: string }[] {
  const gaps: { field: string; message: string }[] = [];
  if (plan.problems.length === 0) gaps.push({ field: 'content/problems', message: 'a plan needs at least one problem' });
  plan.problems.forEach((p, i) => {
    if (!p.description) gaps.push({ field: `content/problems/${i}/description`, message: 'describe the problem' });
    if (p.goals.length === 0) gaps.push({ field: `content/problems/${i}/goals`, message: 'each problem needs at least one goal' });
    if (p.interventions.length === 0) gaps.push({ field: `content/problems/${i}/interventions`, message: 'each problem needs at least one intervention' });
    p.goals.forEach((g, j) => {
      if (g.objectives.length === 0) gaps.push({ field: `content/problems/${i}/goals/${j}/objectives`, message: 'each goal needs at least one measurable objective' });
      g.objectives.forEach((o, k) => {
        if (!o.measure) gaps.push({ field: `content/problems/${i}/goals/${j}/objectives/${k}/measure`, message: 'say how the objective is measured' });
        if (!o.targetDate) gaps.push({ field: `content/problems/${i}/goals/${j}/objectives/${k}/targetDate`, message: 'give the objective a target date' });
      });
    });
  });
  if (!plan.reviewDate) gaps.push({ field: 'content/reviewDate', message: 'give the plan a review date' });
  return gaps;
}

/** The plan as readable text sections (one per problem, then the dates), for version diffs. */
export function planSections(plan: TreatmentPlanContent): DocumentSection[] {
  const sections: DocumentSection[] = plan.problems.map((p, i) => {
    const lines = [`Problem: ${p.description}`];
    p.goals.forEach((g, j) => {
      lines.push(`Goal ${j + 1}: ${g.description}`);
      g.objectives.forEach((o, k) => lines.push(`Objective ${j + 1}.${k + 1}: ${o.description} | measure: ${o.measure} | target: ${o.targetDate ?? '-'} | ${o.status}`));
    });
    p.interventions.forEach((v, j) => lines.push(`Intervention ${j + 1}: ${v.description}${v.frequency ? ` (${v.frequency})` : ''}`));
    return { key: `problem-${i + 1}`, label: `Problem ${i + 1}`, text: lines.join('\n') };
  });
  sections.push({ key: 'dates', label: 'Dates', text: `Start: ${plan.startDate ?? '-'}\nReview: ${plan.reviewDate ?? '-'}` });
  return sections;
}
