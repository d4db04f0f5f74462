import type { KnownIdentifier, PhiType } from '../types.js';
import { TITLES } from '../dictionaries/lexicon.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Variants of a known value, as regex sources. */
function variants(k: KnownIdentifier): string[] {
  const value = k.value.trim();
  if (value.length === 0) return [];
  if (k.type === 'NAME') {
    // Full name, each part alone (first name, surname, nickname given by the caller), any case;
    // possessives are matched because the pattern stops at the word boundary before "'s".
    const parts = value.split(/[\s,]+/).filter((p) => p.length > 1 && !TITLES.has(p.toLowerCase()));
    const full = parts.map(escape).join(String.raw`[\s,.]+`);
    return [full, ...parts.map(escape)];
  }
  const alnum = value.replace(/[^A-Za-z0-9]/g, '');
  if (/\d/.test(alnum) && alnum.length >= 4 && !/[A-Za-z]{3,}/.test(value.replace(/\d+/g, ''))) {
    // Numbers are matched whatever separators the text uses: "555-123-4567" = "(555) 123 4567".
    return [alnum.split('').map(escape).join(String.raw`[\s().\-/]*`)];
  }
  // Addresses and places: flexible whitespace and punctuation, and the part before the first comma.
  const flex = (s: string): string => s.trim().split(/[\s,]+/).map(escape).join(String.raw`[\s,.]+`);
  const out = [flex(value)];
  const head = value.split(',')[0];
  if (head !== undefined && head !== value && head.trim().length > 3) out.push(flex(head));
  return out;
}

export interface KnownMatcher {
  detect(text: string, out: Candidate[]): void;
}

/** Compiles the caller's identifiers once into one regex per type. */
export function compileKnown(known: readonly KnownIdentifier[]): KnownMatcher {
  const byType = new Map<PhiType, string[]>();
  for (const k of known) {
    const list = byType.get(k.type) ?? [];
    list.push(...variants(k));
    byType.set(k.type, list);
  }
  const compiled: Array<[RegExp, PhiType]> = [];
  for (const [type, sources] of byType) {
    if (sources.length === 0) continue;
    // Longest first so "Maria Lopez" wins over "Maria" at the same position.
    const uniq = [...new Set(sources)].sort((a, b) => b.length - a.length);
    compiled.push([new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${uniq.join('|')})(?![\p{L}\p{N}])`, 'giu'), type]);
  }
  return {
    detect(text: string, out: Candidate[]): void {
      for (const [re, type] of compiled) {
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(text)) !== null) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          out.push(candidate(text, m.index, m.index + m[0].length, type, 1, PRIORITY.known));
        }
      }
    },
  };
}
