import type { PhiType } from '../types.js';

// Keyword -> category. The first match reading backwards from a value decides its type, so
// "123-45-6789" after "MRN" is an MRN, not an SSN. Order inside the alternation matters:
// longer phrases come first.
const KEYWORDS: ReadonlyArray<readonly [RegExp, PhiType]> = [
  [/\b(?:ssn|social security(?: number| no\.?| #)?|soc\.? sec\.?)\W*$/i, 'SSN'],
  [/\b(?:mrn|medical record(?: number| no\.?| #)?|med\.? rec\.?|record (?:number|no\.?|#)|chart (?:number|no\.?|#)|patient id|patient identifier|patient (?:number|no\.?|#)|hospital id|encounter (?:id|number|#))\W*$/i, 'MRN'],
  [/\b(?:health ?plan|insurance|insurer|member|membership|policy|subscriber|beneficiary|medicaid|medicare|hmo|ppo|group)(?: (?:id|identification|number|no\.?|#|card))*\W*$/i, 'HEALTH_PLAN'],
  [/\b(?:account|acct\.?|a\/c|billing|bank|routing|iban|credit card|debit card|card)(?: (?:id|number|no\.?|#))*\W*$/i, 'ACCOUNT'],
  [/\b(?:fax|facsimile)(?: (?:number|no\.?|#))?\W*$/i, 'FAX'],
  [/\b(?:license|licence|lic\.?|certificate|cert\.?|certification|dea|npi|credential|driver'?s license|dl|lcsw|licsw|lpc|lpcc|lcpc|lmft|lmhc|lcmhc|lcadc|ladc|lac|lpn|rn|np|aprn|pmhnp|psyd|phd|md|do|lsw|lmsw|bcba)(?: (?:id|number|no\.?|#))*\W*$/i, 'LICENSE'],
  [/\b(?:vin|vehicle(?: identification)?|license plate|licence plate|plate|registration|tag)(?: (?:id|number|no\.?|#))*\W*$/i, 'VEHICLE'],
  [/\b(?:serial|device|imei|udi|mac address|implant|pacemaker|pump|model)(?: (?:id|number|no\.?|#))*\W*$/i, 'DEVICE'],
  [/\b(?:fingerprint|voiceprint|voice print|retina(?:l)? scan|iris scan|face ?id|biometric)(?: (?:id|template|hash|record|number|#))*\W*$/i, 'BIOMETRIC'],
];

const GENERIC_ID = /\b(?:id|identifier|ident|case|claim|ref|reference|ticket|confirmation|order|file|no\.|number|#)\W*$/i;

/**
 * The category implied by the words just before a value, or undefined when none.
 * Looks back only within the same clause (~40 chars) so a keyword far away does not leak.
 */
export function typeFromContext(text: string, start: number): PhiType | undefined {
  const from = Math.max(0, start - 40);
  let window = text.slice(from, start);
  const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('. '), window.lastIndexOf(';'));
  if (cut >= 0) window = window.slice(cut + 1);
  // Allow a few filler words between the keyword and the value ("policy number is").
  const trimmed = window.replace(/(?:\s+(?:is|was|of|number|no\.?|num|id|#|:))+\s*$/i, ' ').trimEnd();
  for (const probe of [window.trimEnd(), trimmed]) {
    for (const [re, type] of KEYWORDS) if (re.test(probe)) return type;
  }
  if (GENERIC_ID.test(window.trimEnd())) return 'ID';
  return undefined;
}
