import type { InstrumentDefinitionInput } from './definition.js';
import { InstrumentDefinition } from './definition.js';
import { GAD7 } from './gad7.js';
import { PCL5 } from './pcl5.js';
import { PHQ9 } from './phq9.js';

/**
 * The instruments every installation may use. The C-SSRS is deliberately absent: its electronic use is
 * licensed by its rights holder, so a practice holding that licence adds it as its own definition.
 */
export const BUILT_IN_INSTRUMENTS: readonly InstrumentDefinition[] = [PHQ9, GAD7, PCL5].map((d) => InstrumentDefinition.parse(d));

/** Validates a definition a practice adds (a licensed instrument); throws a zod error naming each problem. */
export function parseInstrumentDefinition(input: InstrumentDefinitionInput | unknown): InstrumentDefinition {
  return InstrumentDefinition.parse(input);
}

export function findBuiltInInstrument(id: string): InstrumentDefinition | undefined {
  return BUILT_IN_INSTRUMENTS.find((d) => d.id === id);
}
