import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhiType } from '../../src/deid/index.js';

/** A gold span; type 'IGNORE' marks text that is neither required nor penalised. */
export interface GoldSpan {
  start: number;
  end: number;
  type: PhiType | 'IGNORE';
}

export interface Doc {
  id: string;
  text: string;
  gold: GoldSpan[];
}

export const EVAL_DIR = process.env.DEID_EVAL_DIR ?? '/work/shared/eval/deid';

const ASQ_MAP: Record<string, PhiType> = {
  NAME: 'NAME',
  GEOGRAPHIC_LOCATION: 'LOCATION',
  DATE: 'DATE',
  MEDICAL_RECORD_NUMBER: 'MRN',
  HEALTH_PLAN_BENEFICIARY_NUMBER: 'HEALTH_PLAN',
  PHONE_NUMBER: 'PHONE',
  SOCIAL_SECURITY_NUMBER: 'SSN',
  EMAIL_ADDRESS: 'EMAIL',
  UNIQUE_IDENTIFIER: 'ID',
  ACCOUNT_NUMBER: 'ACCOUNT',
  FAX_NUMBER: 'FAX',
  CERTIFICATE_LICENSE_NUMBER: 'LICENSE',
  IP_ADDRESS: 'IP',
};

/** ASQ-PHI: annotations are value strings, so every occurrence of a value in its query is gold. */
export function loadAsq(): { docs: Doc[]; unmatched: number } {
  const raw = readFileSync(join(EVAL_DIR, 'asq-phi/synthetic_clinical_queries.txt'), 'utf8');
  const blocks = raw.split('===QUERY===').slice(1);
  const docs: Doc[] = [];
  let unmatched = 0;
  blocks.forEach((block, i) => {
    const [q, tags = ''] = block.split('===PHI_TAGS===');
    const text = (q ?? '').trim();
    const gold: GoldSpan[] = [];
    for (const line of tags.split('\n')) {
      if (!line.trim()) continue;
      const tag = JSON.parse(line) as { identifier_type: string; value: string };
      const type = ASQ_MAP[tag.identifier_type];
      if (!type) throw new Error(`unmapped ASQ type ${tag.identifier_type}`);
      let from = 0;
      let found = false;
      for (;;) {
        const at = text.indexOf(tag.value, from);
        if (at < 0) break;
        gold.push({ start: at, end: at + tag.value.length, type });
        found = true;
        from = at + tag.value.length;
      }
      if (!found) unmatched++;
    }
    docs.push({ id: `asq-${i}`, text, gold });
  });
  return { docs, unmatched };
}

// Countries and US states are not Safe Harbor identifiers; presidio labels them GPE.
const NOT_PHI_GPE = new Set(
  `afghanistan albania algeria argentina armenia australia austria azerbaijan bahamas bahrain bangladesh belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia croatia cuba cyprus czechia czech republic denmark ecuador egypt england estonia ethiopia finland france georgia germany ghana greece guatemala haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya korea kuwait latvia lebanon libya lithuania luxembourg malaysia malta mexico moldova mongolia morocco nepal netherlands new zealand nicaragua nigeria norway pakistan panama paraguay peru philippines poland portugal qatar romania russia saudi arabia scotland serbia singapore slovakia slovenia somalia south africa spain sri lanka sudan sweden switzerland syria taiwan tanzania thailand tunisia turkey uganda ukraine united kingdom uk united states usa us uruguay uzbekistan venezuela vietnam wales yemen zambia zimbabwe iceland greenland
  alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada new hampshire new jersey new mexico new york north carolina north dakota ohio oklahoma oregon pennsylvania rhode island south carolina south dakota tennessee texas utah vermont virginia washington west virginia wisconsin wyoming nan`
    .split(/\s{2,}|\n/)
    .join(' ')
    .split(' '),
);
const MULTI_WORD_NOT_PHI = /^(?:czech republic|new zealand|saudi arabia|south africa|sri lanka|united kingdom|united states|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|rhode island|south carolina|south dakota|west virginia|southern \w+|northern \w+)$/i;
const STATE_ABBR = /^[A-Z]{2}$/;

// The generator writes Greenland as "Greenlander" and Cyprus as "Cyprus (Greek)" in its country slot.
const COUNTRY_VARIANT = /^(?:greenlander|cyprus \(greek\)|cyprus \(turkish\))$/i;

function isCountryOrState(v: string): boolean {
  const l = v.trim().toLowerCase();
  return NOT_PHI_GPE.has(l) || MULTI_WORD_NOT_PHI.test(l) || COUNTRY_VARIANT.test(l);
}

/**
 * Inside a street address, the country, the state or province slot and the generator's "nan"
 * (an empty value printed by pandas) are not Safe Harbor identifiers: they become IGNORE
 * sub-spans, listed before the address so that they win the token's label.
 */
function addressIgnores(text: string, start: number, end: number): GoldSpan[] {
  const out: GoldSpan[] = [];
  const seg = text.slice(start, end);
  // Country names, possibly multi-word, at a line's or the address's end before a postal code.
  const words = [...seg.matchAll(/[\p{L}()]+(?:[ ][\p{L}()]+)*/gu)];
  for (const w of words) {
    const parts = w[0].split(' ');
    for (let a = 0; a < parts.length; a++) {
      for (let b = parts.length; b > a; b--) {
        const phrase = parts.slice(a, b).join(' ');
        const off = w.index + parts.slice(0, a).join(' ').length + (a > 0 ? 1 : 0);
        // "Colorado Springs" is a town: the country or state must not run on into another word.
        const rest = seg.slice(off + phrase.length);
        if (phrase.toLowerCase() === 'nan' || (isCountryOrState(phrase) && !STATE_ABBR.test(phrase) && !/^ [\p{Lu}]/u.test(rest))) {
          out.push({ start: start + off, end: start + off + phrase.length, type: 'IGNORE' });
          a = b - 1;
          break;
        }
      }
    }
  }
  // The state or province slot: two letters after the town, before the postal code or the end.
  for (const m of seg.matchAll(/(?<=,\s*|\n\s*| )([A-Za-z]{2})(?=\s*(?:\d[\d -]*)?\s*$|\s*\n|\s+\d{3,})/g)) {
    const before = seg.slice(0, m.index);
    if (before.trim().length === 0) continue;
    // After a comma or a line break it is the state slot; after a space only in capitals
    // before a postal code ("Aalborg NO 9100"), never a street suffix ("Crown St").
    if (!/[,\n]\s*$/.test(before) && !(/^[A-Z]{2}$/.test(m[1] ?? '') && /^\s+\d/.test(seg.slice(m.index + 2)))) continue;
    out.push({ start: start + m.index, end: start + m.index + 2, type: 'IGNORE' });
  }
  // The same slot where a locale fills it with a code of one to three letters or digits
  // ("Kaster , VWV  04494", "Muel , Z  16518", "Cite Sfaxi , 13  44939"): the generator's
  // "{town}, {state} {postcode}" layout puts it between the comma and the postal code.
  for (const m of seg.matchAll(/(?<=\s,\s*)([\p{L}\d]{1,3})(?=\s+\d[\d -]*\s*$)/gu)) {
    if ((m[1] ?? '').length === 2 && /^[A-Za-z]{2}$/.test(m[1] ?? '')) continue; // taken above
    out.push({ start: start + m.index, end: start + m.index + (m[1] ?? '').length, type: 'IGNORE' });
  }
  return out;
}

function mapPresidio(type: string, value: string): PhiType | 'IGNORE' {
  switch (type) {
    case 'PERSON':
      return 'NAME';
    case 'STREET_ADDRESS':
      return 'ADDRESS';
    case 'GPE': {
      if (isCountryOrState(value) || STATE_ABBR.test(value.trim())) return 'IGNORE';
      return 'LOCATION';
    }
    case 'DATE_TIME':
      // A year alone may stay under Safe Harbor.
      return /^\s*(?:19|20)\d{2}\s*$/.test(value) ? 'IGNORE' : 'DATE';
    case 'AGE':
      return Number(value) >= 90 ? 'AGE' : 'IGNORE';
    case 'PHONE_NUMBER':
      return 'PHONE';
    case 'EMAIL_ADDRESS':
      return 'EMAIL';
    case 'ZIP_CODE':
      return 'ZIP';
    case 'DOMAIN_NAME':
      return 'URL';
    case 'CREDIT_CARD':
    case 'IBAN_CODE':
      return 'ACCOUNT';
    case 'US_SSN':
      return 'SSN';
    case 'IP_ADDRESS':
      return 'IP';
    case 'US_DRIVER_LICENSE':
      return 'LICENSE';
    default:
      // ORGANIZATION, TITLE, NRP: not Safe Harbor identifiers.
      return 'IGNORE';
  }
}

interface PresidioRecord {
  full_text: string;
  spans: Array<{ entity_type: string; entity_value: string; start_position: number; end_position: number }>;
}

export function loadPresidio(): Doc[] {
  const raw = JSON.parse(readFileSync(join(EVAL_DIR, 'presidio-research-synth/synth_dataset_v2.json'), 'utf8')) as PresidioRecord[];
  return raw.map((r, i) => {
    const spans = r.spans.map((s) => ({ start: s.start_position, end: s.end_position, type: mapPresidio(s.entity_type, s.entity_value) }));
    const ignores = r.spans.filter((s) => s.entity_type === 'STREET_ADDRESS').flatMap((s) => addressIgnores(r.full_text, s.start_position, s.end_position));
    return { id: `presidio-${i}`, text: r.full_text, gold: [...ignores, ...spans] };
  });
}
