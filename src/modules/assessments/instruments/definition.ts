import { z } from 'zod';

/**
 * Instruments are data: a definition (items, answer options, scoring rules) that the one scoring
 * function below interprets. The three public instruments ship with Confidant; a practice holding a
 * licence for another instrument adds it as a definition of the same shape, with no code change.
 */
export const InstrumentDefinition = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,40}$/),
    name: z.string().min(1),
    version: z.string().min(1),
    /** Where the items and scoring come from; shown to clinicians next to every score. */
    source: z.string().min(1),
    licence: z.string().min(1),
    instructions: z.string().min(1),
    options: z.array(z.object({ value: z.number().int().min(0), label: z.string().min(1) })).min(2),
    items: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9_]+$/),
          text: z.string().min(1),
          cluster: z.string().optional(),
          /** Unscored items (e.g. the PHQ-9 difficulty question) are recorded but not added to the total. */
          scored: z.boolean().default(true),
          required: z.boolean().default(true),
          /** Options of this item when they differ from the instrument's. */
          options: z.array(z.object({ value: z.number().int().min(0), label: z.string().min(1) })).min(2).optional(),
        }),
      )
      .min(1),
    /** Severity bands over the total of scored items; contiguous, covering every possible total. */
    bands: z.array(z.object({ min: z.number().int(), max: z.number().int(), label: z.string().min(1) })).default([]),
    /** An answer above `above` on `item` raises an alert to the care team, whatever the total. */
    alerts: z.array(z.object({ item: z.string(), above: z.number().int(), kind: z.enum(['crisis']), reason: z.string().min(1) })).default([]),
    /** Symptom-cluster rule: an item counts when answered at or above `endorsedAt`; each cluster needs its minimum. */
    clusterRule: z
      .object({ endorsedAt: z.number().int(), minimumPerCluster: z.record(z.string(), z.number().int().min(1)), label: z.string().min(1) })
      .optional(),
    /** A total at or above which a score is flagged (e.g. a published screening cut-point). */
    cutPoint: z.object({ atLeast: z.number().int(), label: z.string().min(1) }).optional(),
    /**
     * The published change in total (either way) taken as clinically significant for one person, with
     * its source; a client's trend flags changes of at least this many points. Absent: no flag.
     */
    reliableChange: z.object({ points: z.number().int().min(1), source: z.string().min(1) }).optional(),
  })
  .superRefine((d, ctx) => {
    const ids = new Set(d.items.map((i) => i.id));
    if (ids.size !== d.items.length) ctx.addIssue({ code: 'custom', message: 'item ids must be unique', path: ['items'] });
    for (const a of d.alerts) if (!ids.has(a.item)) ctx.addIssue({ code: 'custom', message: `alert refers to unknown item ${a.item}`, path: ['alerts'] });
    if (d.bands.length > 0) {
      const values = d.options.map((o) => o.value);
      const scored = d.items.filter((i) => i.scored).length;
      const maxTotal = Math.max(...values) * scored;
      const sorted = [...d.bands].sort((a, b) => a.min - b.min);
      let next = Math.min(...values) * scored;
      for (const b of sorted) {
        if (b.min !== next || b.max < b.min) ctx.addIssue({ code: 'custom', message: `bands must be contiguous from ${next}`, path: ['bands'] });
        next = b.max + 1;
      }
      if (next !== maxTotal + 1) ctx.addIssue({ code: 'custom', message: `bands must end at the maximum total ${maxTotal}`, path: ['bands'] });
    }
    if (d.clusterRule) {
      const clusters = new Set(d.items.map((i) => i.cluster).filter(Boolean));
      for (const c of Object.keys(d.clusterRule.minimumPerCluster)) {
        if (!clusters.has(c)) ctx.addIssue({ code: 'custom', message: `cluster rule names unknown cluster ${c}`, path: ['clusterRule'] });
      }
    }
  });

export type InstrumentDefinition = z.output<typeof InstrumentDefinition>;
export type InstrumentDefinitionInput = z.input<typeof InstrumentDefinition>;
