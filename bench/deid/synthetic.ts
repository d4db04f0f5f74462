// Synthetic therapy-style corpus with known PHI spans. Every value is invented. Names are drawn
// from a hand-made list (not the engine's dictionaries) that mixes common US names with names the
// Census lists lack, so recall is not measured on the engine's own word lists alone.
import type { PhiType } from '../../src/deid/index.js';
import type { Doc, GoldSpan } from './corpora.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Maria', 'James', 'Aaliyah', 'Oluwaseun', 'Thanh', 'Xochitl', 'Siobhan', 'Priya', 'Dmitri', 'Keisha', 'Mateo', 'Harper',
  'Jamal', 'Ingrid', 'Tomasz', 'Camila', 'Everett', 'Naomi', 'Rafael', 'Yusuf', 'Beatriz', 'Desmond', 'Leilani', 'Anneliese', 'Kwame',
  'Marisol', 'Declan', 'Imani', 'Soren', 'Fatima', 'Callum', 'Rosalind', 'Tariq', 'Wren', 'Elliott', 'Jasmine', 'Nikolai', 'Bethany'];
const LAST = ['Okafor', 'Lindqvist', 'Nguyen', 'Ramirez', "O'Connell", 'Raghunathan', 'Volkov', 'Washington', 'Haddad', 'Kowalczyk',
  'Abernathy', 'Delacroix', 'Fitzgerald', 'Mbeki', 'Castellano', 'Thornton', 'Yamamoto', 'Brennan', 'Adeyemi', 'Hollister', 'Petrakis',
  'Szabo', 'Whitfield', 'Gallagher', 'Moreno', 'Kaplan', 'Dubois', 'Achterberg', 'Pemberton', 'Quintero', 'Larkspur', 'Osei'];
const AMBIGUOUS_FIRST = ['Hope', 'Grace', 'Will', 'Faith', 'Joy', 'Mark', 'Rose', 'Summer'];
const CITIES = ['Springfield', 'Dayton', 'Tacoma', 'Boise', 'Fresno', 'Duluth', 'Savannah', 'Pueblo', 'Kalamazoo', 'Bakersfield',
  'Asheville', 'Lubbock', 'Spokane', 'Scranton', 'Yonkers', 'Salem', 'Bend', 'Flagstaff'];
const STREETS = ['Elm', 'Maple', 'Willow Creek', 'Jefferson', 'Harbor View', 'Old Mill', 'Cedar Ridge', 'Pinecrest', 'Lakeshore'];
const SUFFIXES = ['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Lane', 'Drive', 'Court', 'Blvd'];
const STATES = ['OR', 'WA', 'TX', 'OH', 'GA', 'NC', 'IL', 'NY', 'CA', 'MI'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MON_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
const FACILITIES = ['Riverside Behavioral Health', 'St. Brigid Hospital', 'Lakeview Clinic', 'Harborview Medical Center', 'Mercy Regional Hospital'];
const TRAPS = [
  'PHQ-9 of 14 today, down from 19; GAD-7 of 11.',
  'Continues sertraline 50 mg daily and trazodone 25 mg at bedtime.',
  'She started Lexapro 10mg in 2019 and stopped in 2021.',
  'Session ran from 3:00 to 3:50 pm; 50 minutes of CBT.',
  'We reviewed the thought record and behavioral activation plan.',
  'Client reports sleeping 6 hours a night, about 3 times a week waking at 4 am.',
  'There is hope that the new routine will help; she may try journaling in the mornings.',
  'Will to change appears strong. Mark progress on the worksheet.',
  'Diagnosis: F41.1 generalized anxiety disorder; rule out F33.1.',
  'BP 120/80, weight 160 lb, PCL-5 total 38.',
  'Graceful transitions were discussed; faith community is a support.',
  'He drank 4-5 beers per night in 2018; sober since 2020.',
  'In the 1990s her family moved often; she is 34 now.',
  'Reading: "The Body Keeps the Score" chapter 7.',
];

type Part = string | [PhiType, string];

export function generateSynthetic(count: number, seed = 42): Doc[] {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const num = (digits: number): string => Array.from({ length: digits }, (_, i) => String(i === 0 ? 1 + Math.floor(rnd() * 9) : Math.floor(rnd() * 10))).join('');
  const day = (): number => 1 + Math.floor(rnd() * 28);
  const year = (): number => 2019 + Math.floor(rnd() * 6);
  const ord = (n: number): string => (n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th');
  const date = (): string => {
    const m = Math.floor(rnd() * 12);
    const d = day();
    switch (Math.floor(rnd() * 7)) {
      case 0: return `${m + 1}/${d}/${year()}`;
      case 1: return `${MONTHS[m]} ${d}, ${year()}`;
      case 2: return `${MONTHS[m]} ${d}${ord(d)}`;
      case 3: return `${pick(MON_ABBR)} ${d}`;
      case 4: return `${year()}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      case 5: return `${d}${ord(d)} of ${MONTHS[m]}`;
      default: return `${String(m + 1).padStart(2, '0')}/${String(d).padStart(2, '0')}/${String(year()).slice(2)}`;
    }
  };
  const phone = (): string => {
    const a = `${2 + Math.floor(rnd() * 7)}${num(2)}`;
    const b = `${2 + Math.floor(rnd() * 7)}${num(2)}`;
    const c = num(4);
    return pick([`(${a}) ${b}-${c}`, `${a}-${b}-${c}`, `${a}.${b}.${c}`, `+1 ${a} ${b} ${c}`]);
  };
  const docs: Doc[] = [];
  for (let n = 0; n < count; n++) {
    const client = { first: pick(FIRST), last: pick(LAST) };
    const other = { first: pick(FIRST), last: pick(LAST) };
    const clinician = pick(LAST);
    const nick = pick(AMBIGUOUS_FIRST);
    const city = pick(CITIES);
    const state = pick(STATES);
    const zip = num(5);
    // Every tenth document holds no PHI at all: clinical wording only, to measure over-redaction.
    const kind = n % 10 === 9 ? 4 : n % 4;
    const parts: Part[] = [];
    const push = (...p: Part[]): void => {
      parts.push(...p);
    };
    if (kind === 0) {
      push('Session transcript, ', ['DATE', date()], '\n');
      push('THERAPIST: Welcome back, ', ['NAME', client.first], '. How was the week?\n');
      push('CLIENT: Rough. My sister ', ['NAME', nick], ' drove up from ', ['LOCATION', city], ' on ', ['DATE', date()], ' and we argued the whole time.\n');
      push('THERAPIST: ', pick(TRAPS), ' What happened with ', ['NAME', nick], '?\n');
      push('CLIENT: she said i should call ', ['NAME', other.first.toLowerCase()], ' but ', ['NAME', other.first.toLowerCase()], ' never answers. ', pick(TRAPS), '\n');
      push('THERAPIST: Let us plan for ', ['DATE', date()], '. You can reach the crisis line or me at ', ['PHONE', phone()], '.\n');
      push(['NAME', client.first.toUpperCase()], ': okay. ', ['NAME', `Dr. ${clinician}`], "'s office moved, right?\n");
    } else if (kind === 1) {
      push('PROGRESS NOTE\nClient: ', ['NAME', `${client.first} ${client.last}`], '  DOB: ', ['DATE', date()], '  MRN: ', ['MRN', `${pick(['RB', 'JM', 'CH', 'MHC'])}-${num(6)}`], '\n');
      push('Address: ', ['ADDRESS', `${num(3)} ${pick(STREETS)} ${pick(SUFFIXES)}`], ', ', ['LOCATION', `${city}, ${state}`], ' ', ['ZIP', zip], '\n');
      push('Insurance member ID ', ['HEALTH_PLAN', `${pick(['XEH', 'BCX', 'UHC'])}${num(9)}`], '; SSN ', ['SSN', `${num(3)}-${num(2)}-${num(4)}`], '.\n');
      push('Seen at ', ['LOCATION', pick(FACILITIES)], ' on ', ['DATE', date()], ' by ', ['NAME', `Dr. ${clinician}`], '. ', pick(TRAPS), ' ', pick(TRAPS), '\n');
      push('Collateral: spoke with mother ', ['NAME', `${other.first} ${client.last}`], ' at ', ['PHONE', phone()], ', fax ', ['FAX', phone()], '. Email ', ['EMAIL', `${client.first.toLowerCase()}.${num(2)}@example.net`], '.\n');
      push('Grandmother is ', ['AGE', String(90 + Math.floor(rnd() * 9))], ' years old and lives in ', ['LOCATION', `${pick(['Clark', 'Lane', 'Marion', 'Polk'])} County`], '. ', pick(TRAPS), '\n');
    } else if (kind === 2) {
      push('Journal - ', ['DATE', date()], '\n');
      push('Today I met ', ['NAME', `${other.first} ${other.last}`], ' for coffee near ', ['ADDRESS', `${num(4)} ${pick(STREETS)} ${pick(SUFFIXES)}`], '. ', pick(TRAPS), '\n');
      push(['NAME', other.first], "'s dog barked at everyone. I told ", ['NAME', nick], ' about it later. ', pick(TRAPS), '\n');
      push('My license plate ', ['VEHICLE', `${pick(['7', '8'])}${String.fromCharCode(65 + Math.floor(rnd() * 26))}${String.fromCharCode(65 + Math.floor(rnd() * 26))}${num(4)}`], ' got a ticket. My therapist ', ['NAME', `Dr. ${clinician}`], ' thinks I should breathe. Since ', ['DATE', `${pick(MONTHS.filter((m) => m !== 'May' && m !== 'March'))}`], ' it has been easier.\n');
      push('Login from ', ['IP', `${10 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${1 + Math.floor(rnd() * 254)}`], ' and my Fitbit serial number ', ['DEVICE', `FB${num(8)}`], ' synced.\n');
    } else if (kind === 4) {
      push('Progress note. ', pick(TRAPS), ' ', pick(TRAPS), '\n', pick(TRAPS), ' ', pick(TRAPS), ' ', pick(TRAPS), '\nPlan: continue weekly sessions; revisit the safety plan next visit.\n');
    } else {
      push('Message from ', ['NAME', `${client.first} ${client.last}`], ' <', ['EMAIL', `${client.first.toLowerCase()}${num(3)}@mailbox.example.org`], '>\n');
      push('Hi ', ['NAME', `Dr. ${clinician}`], ', can we move my appointment from ', ['DATE', date()], ' to ', ['DATE', date()], '? My new number is ', ['PHONE', phone()], '. ', pick(TRAPS), '\n');
      push('Also my account number is ', ['ACCOUNT', num(10)], ' for the billing question, and my portal is ', ['URL', `https://portal.example.com/u/${num(6)}`], '.\n');
      push('Thanks, ', ['NAME', client.first], '\n', pick(TRAPS), '\n');
    }
    let text = '';
    const gold: GoldSpan[] = [];
    for (const p of parts) {
      if (typeof p === 'string') {
        text += p;
      } else {
        const type = p[0];
        let value = p[1];
        // Titles are kept in clear by design; the gold span is the name after the title.
        if (type === 'NAME' && value.startsWith('Dr. ')) {
          text += 'Dr. ';
          value = value.slice(4);
        }
        gold.push({ start: text.length, end: text.length + value.length, type });
        text += value;
      }
    }
    docs.push({ id: `synth-${n}`, text, gold });
  }
  return docs;
}
