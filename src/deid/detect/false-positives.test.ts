import { describe, expect, it } from 'vitest';
import { detect } from '../index.js';

// Clinical text that holds no identifier: nothing may be reported.
const CLEAN = [
  'PHQ-9 of 14 today, down from 19; GAD-7 of 11 and PCL-5 total 38.',
  'Continues sertraline 50 mg daily and trazodone 25 mg at bedtime; Lexapro 10mg was stopped.',
  'Zoloft, Wellbutrin and Abilify were discussed; lithium level pending.',
  'Session ran from 3:00 to 3:50 pm; 50 minutes of CBT and DBT skills.',
  'There is hope that the routine will help; she may try journaling. Will to change is strong.',
  'Grace under pressure is a theme. Mark the worksheet and march forward.',
  'He drank 4-5 beers per night in 2018 and has been sober since 2020.',
  'In the 1990s her family moved often; she is 34 now and her father is 67.',
  'Diagnosis: F41.1 generalized anxiety disorder; rule out F33.1 and ICD-10 Z63.0.',
  'BP 120/80, pulse 72, weight 160 lb, A1c 6.1%, sleep 6 hours, pain 7/10.',
  'Assessed for Wilson disease and Bell palsy; Babinski sign negative.',
  'She scored 27 on the MoCA and 3 on the AUDIT-C in 2023.',
  'Took 2 tablets at 8 am and 1 at 9 pm, about 3 times a week.',
  'MDD, recurrent, moderate; ADHD and PTSD per DSM-5 criteria.',
  'The client is a 45-year-old veteran with chronic pain.',
  'Referral: self. Presenting problem: low mood. Plan: weekly CBT; pi is 3.14159.',
  'He is 95 pounds lighter; she was 92% sure; the office is on the 3rd floor.',
];

describe('does not flag clinical content, ordinary words, years, dosages, times or scores', () => {
  it.each(CLEAN)('%s', (text) => {
    expect(detect(text)).toEqual([]);
  });

  it('keeps ages of 89 and under', () => {
    expect(detect('Her grandmother is 89 years old.')).toEqual([]);
    expect(detect('Her grandmother is 90 years old.').map((s) => s.type)).toEqual(['AGE']);
  });
});
