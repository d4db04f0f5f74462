import type { InstrumentDefinitionInput } from './definition.js';

/**
 * PHQ-9. Items, options and severity bands: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of
 * a brief depression severity measure. J Gen Intern Med 2001;16(9):606-613 (bands at 5, 10, 15 and 20:
 * minimal 0-4, mild 5-9, moderate 10-14, moderately severe 15-19, severe 20-27). Developed by Drs
 * Spitzer, Williams, Kroenke and colleagues with an educational grant from Pfizer Inc.; no permission
 * is required to reproduce, translate, display or distribute it.
 * Item 9 (thoughts of being better off dead or of self-harm) above zero raises a crisis alert to the
 * care team whatever the total: a positive item 9 needs clinical follow-up even at a low total.
 * Change: a change of 5 points or more in an individual is taken as clinically significant (Löwe B,
 * Unützer J, Callahan CM, Perkins AJ, Kroenke K. Monitoring depression treatment outcomes with the
 * Patient Health Questionnaire-9. Med Care 2004;42(12):1194-1201).
 */
export const PHQ9: InstrumentDefinitionInput = {
  id: 'phq-9',
  name: 'Patient Health Questionnaire-9 (PHQ-9)',
  version: '1',
  source: 'Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16(9):606-613',
  licence: 'Free to reproduce, translate, display and distribute; no permission required (Pfizer).',
  instructions: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  options: [
    { value: 0, label: 'Not at all' },
    { value: 1, label: 'Several days' },
    { value: 2, label: 'More than half the days' },
    { value: 3, label: 'Nearly every day' },
  ],
  items: [
    { id: 'q1', text: 'Little interest or pleasure in doing things' },
    { id: 'q2', text: 'Feeling down, depressed, or hopeless' },
    { id: 'q3', text: 'Trouble falling or staying asleep, or sleeping too much' },
    { id: 'q4', text: 'Feeling tired or having little energy' },
    { id: 'q5', text: 'Poor appetite or overeating' },
    { id: 'q6', text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down' },
    { id: 'q7', text: 'Trouble concentrating on things, such as reading the newspaper or watching television' },
    {
      id: 'q8',
      text: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    },
    { id: 'q9', text: 'Thoughts that you would be better off dead or of hurting yourself in some way' },
    {
      id: 'difficulty',
      text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
      scored: false,
      required: false,
      options: [
        { value: 0, label: 'Not difficult at all' },
        { value: 1, label: 'Somewhat difficult' },
        { value: 2, label: 'Very difficult' },
        { value: 3, label: 'Extremely difficult' },
      ],
    },
  ],
  bands: [
    { min: 0, max: 4, label: 'minimal' },
    { min: 5, max: 9, label: 'mild' },
    { min: 10, max: 14, label: 'moderate' },
    { min: 15, max: 19, label: 'moderately severe' },
    { min: 20, max: 27, label: 'severe' },
  ],
  reliableChange: { points: 5, source: 'Löwe, Unützer, Callahan, Perkins & Kroenke, Med Care 2004;42(12):1194-1201' },
  alerts: [{ item: 'q9', above: 0, kind: 'crisis', reason: 'PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above "Not at all"' }],
};
