// Golden output of the engine: every span detect() finds on the three corpora, and the text
// redact() writes in mask and surrogate mode. A performance change must leave it unchanged.
// Run: npx tsx bench/deid/golden.ts [out.json]   (prints one SHA-256 per section; the optional
// file gets the full dump, to diff two runs when the digests differ)
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createDetector, createRedactor, type Span } from '../../src/deid/index.js';
import { loadAsq, loadPresidio } from './corpora.js';
import { generateSynthetic } from './synthetic.js';

const corpora: Record<string, string[]> = {
  asq: loadAsq().docs.map((d) => d.text),
  presidio: loadPresidio().map((d) => d.text),
  synthetic: generateSynthetic(400, 7).map((d) => d.text),
};
// One long text as well: the throughput benchmark's document shape, where windows and
// propagation work across paragraphs.
corpora.joined = [(corpora.synthetic ?? []).join('\n\n')];

const spanRow = (s: Span): string => `${s.start}\t${s.end}\t${s.type}\t${s.confidence}\t${JSON.stringify(s.text)}`;
const dump: Record<string, string[]> = {};
const detector = createDetector();
// Fixed secret and offset so surrogate output is reproducible between runs.
const surrogateOptions = { secret: 'golden-fixed-key', dateShiftDays: 17 };

for (const [name, texts] of Object.entries(corpora)) {
  dump[`${name}.detect`] = texts.map((t) => detector.detect(t).map(spanRow).join('\n'));
  const mask = createRedactor({ mode: 'mask' });
  dump[`${name}.mask`] = texts.map((t) => mask.redact(t).text);
  const zip3 = createRedactor({ mode: 'mask', keepZip3: true });
  dump[`${name}.mask-zip3`] = texts.map((t) => zip3.redact(t).text);
  const surrogate = createRedactor({ mode: 'surrogate', surrogate: surrogateOptions });
  dump[`${name}.surrogate`] = texts.map((t) => surrogate.redact(t).text);
}

const digest = (rows: string[]): string => createHash('sha256').update(rows.join('\u0000')).digest('hex');
for (const [section, rows] of Object.entries(dump)) console.log(`${section.padEnd(22)} ${rows.length.toString().padStart(5)} texts  ${digest(rows)}`);
console.log(`${'all'.padEnd(22)} ${''.padStart(11)}  ${digest(Object.values(dump).flat())}`);
const out = process.argv[2];
if (out) writeFileSync(out, JSON.stringify(dump, null, 1));
