import type { InstrumentDefinitionInput } from './definition.js';

/**
 * GAD-7. Items, options and bands: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for
 * assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097. Cut-points
 * 5, 10 and 15 mark mild, moderate and severe anxiety (minimal 0-4, mild 5-9, moderate 10-14, severe
 * 15-21); the zero option is "Not at all". No permission is required to reproduce or distribute it.
 * Change: 4 points is the minimal clinically important difference (Toussaint A, Hüsing P, Gumz A, et al.
 * Sensitivity to change and minimal clinically important difference of the 7-item Generalized Anxiety
 * Disorder Questionnaire (GAD-7). J Affect Disord 2020;265:395-401).
 */
export const GAD7: InstrumentDefinitionInput = {
  id: 'gad-7',
  name: 'Generalized Anxiety Disorder 7-item scale (GAD-7)',
  version: '1',
  source: 'Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006;166(10):1092-1097',
  licence: 'Free to reproduce, translate, display and distribute; no permission required (Pfizer).',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  options: [
    { value: 0, label: 'Not at all' },
    { value: 1, label: 'Several days' },
    { value: 2, label: 'More than half the days' },
    { value: 3, label: 'Nearly every day' },
  ],
  items: [
    { id: 'q1', text: 'Feeling nervous, anxious, or on edge' },
    { id: 'q2', text: 'Not being able to stop or control worrying' },
    { id: 'q3', text: 'Worrying too much about different things' },
    { id: 'q4', text: 'Trouble relaxing' },
    { id: 'q5', text: 'Being so restless that it is hard to sit still' },
    { id: 'q6', text: 'Becoming easily annoyed or irritable' },
    { id: 'q7', text: 'Feeling afraid, as if something awful might happen' },
  ],
  bands: [
    { min: 0, max: 4, label: 'minimal' },
    { min: 5, max: 9, label: 'mild' },
    { min: 10, max: 14, label: 'moderate' },
    { min: 15, max: 21, label: 'severe' },
  ],
  reliableChange: { points: 4, source: 'Toussaint et al., J Affect Disord 2020;265:395-401 (minimal clinically important difference)' },
  alerts: [],
};
