import type { InstrumentDefinitionInput } from './definition.js';

/**
 * PCL-5 (PTSD Checklist for DSM-5), public domain. Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP,
 * Schnurr PP (2013), National Center for PTSD. Scoring as the National Center for PTSD publishes it
 * ("Using the PTSD Checklist for DSM-5 (PCL-5)"): total 0-80 over the 20 items; cluster severity for
 * B (items 1-5), C (6-7), D (8-14) and E (15-20); a provisional PTSD diagnosis when, treating each item
 * rated 2 ("Moderately") or higher as an endorsed symptom, there is at least 1 B item, 1 C item,
 * 2 D items and 2 E items. A total of 31-33 is the suggested cut-point for probable PTSD (Bovin et al.
 * 2016, Psychol Assess 28(11):1379-1391); Confidant flags totals of 33 or more, the upper end. The PCL-5
 * has no published severity bands, so none are given. Change: "Using the PCL-5" reports that, on the
 * evidence for the PCL for DSM-IV, a 5-10 point change is reliable change (not due to chance) and a
 * 10-20 point change clinically significant change, and takes 10 points as the minimum threshold for
 * clinically meaningful improvement; Confidant flags changes of 10 points or more.
 */
export const PCL5: InstrumentDefinitionInput = {
  id: 'pcl-5',
  name: 'PTSD Checklist for DSM-5 (PCL-5)',
  version: '1',
  source: 'Weathers et al. 2013, National Center for PTSD; scoring per "Using the PCL-5" (National Center for PTSD)',
  licence: 'Public domain (U.S. Department of Veterans Affairs).',
  instructions:
    'Below is a list of problems that people sometimes have in response to a very stressful experience. Please read each problem carefully and then indicate how much you have been bothered by that problem in the past month.',
  options: [
    { value: 0, label: 'Not at all' },
    { value: 1, label: 'A little bit' },
    { value: 2, label: 'Moderately' },
    { value: 3, label: 'Quite a bit' },
    { value: 4, label: 'Extremely' },
  ],
  items: [
    { id: 'q1', cluster: 'B', text: 'Repeated, disturbing, and unwanted memories of the stressful experience?' },
    { id: 'q2', cluster: 'B', text: 'Repeated, disturbing dreams of the stressful experience?' },
    { id: 'q3', cluster: 'B', text: 'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?' },
    { id: 'q4', cluster: 'B', text: 'Feeling very upset when something reminded you of the stressful experience?' },
    { id: 'q5', cluster: 'B', text: 'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?' },
    { id: 'q6', cluster: 'C', text: 'Avoiding memories, thoughts, or feelings related to the stressful experience?' },
    { id: 'q7', cluster: 'C', text: 'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?' },
    { id: 'q8', cluster: 'D', text: 'Trouble remembering important parts of the stressful experience?' },
    {
      id: 'q9',
      cluster: 'D',
      text: 'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
    },
    { id: 'q10', cluster: 'D', text: 'Blaming yourself or someone else for the stressful experience or what happened after it?' },
    { id: 'q11', cluster: 'D', text: 'Having strong negative feelings such as fear, horror, anger, guilt, or shame?' },
    { id: 'q12', cluster: 'D', text: 'Loss of interest in activities that you used to enjoy?' },
    { id: 'q13', cluster: 'D', text: 'Feeling distant or cut off from other people?' },
    { id: 'q14', cluster: 'D', text: 'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?' },
    { id: 'q15', cluster: 'E', text: 'Irritable behavior, angry outbursts, or acting aggressively?' },
    { id: 'q16', cluster: 'E', text: 'Taking too many risks or doing things that could cause you harm?' },
    { id: 'q17', cluster: 'E', text: 'Being "superalert" or watchful or on guard?' },
    { id: 'q18', cluster: 'E', text: 'Feeling jumpy or easily startled?' },
    { id: 'q19', cluster: 'E', text: 'Having difficulty concentrating?' },
    { id: 'q20', cluster: 'E', text: 'Trouble falling or staying asleep?' },
  ],
  bands: [],
  alerts: [],
  clusterRule: { endorsedAt: 2, minimumPerCluster: { B: 1, C: 1, D: 2, E: 2 }, label: 'provisional PTSD diagnosis (DSM-5 symptom-cluster rule)' },
  reliableChange: { points: 10, source: 'National Center for PTSD, "Using the PTSD Checklist for DSM-5 (PCL-5)": 10 points minimum for clinically meaningful change' },
  cutPoint: { atLeast: 33, label: 'at or above the PCL-5 cut-point for probable PTSD' },
};
