// Lists misses and false positives, for tuning. Run: npx tsx bench/deid/errors.ts asq|presidio|synthetic [type] [--high]
import { createRedactor } from '../../src/deid/index.js';
import { loadAsq, loadPresidio, type Doc } from './corpora.js';
import { generateSynthetic } from './synthetic.js';

const which = process.argv[2] ?? 'asq';
const onlyType = process.argv[3]?.startsWith('--') ? undefined : process.argv[3];
const docs: Doc[] = which === 'presidio' ? loadPresidio() : which === 'synthetic' ? generateSynthetic(400, 42) : loadAsq().docs;
const redactor = createRedactor({ mode: 'mask', sensitivity: process.argv.includes('--high') ? 'high' : 'standard' });
for (const d of docs) {
  const spans = redactor.detect(d.text);
  for (const g of d.gold) {
    if (g.type === 'IGNORE' || (onlyType && g.type !== onlyType)) continue;
    const covered = spans.filter((s) => s.start < g.end && s.end > g.start);
    const re = /[\p{L}\p{N}]+/gu;
    const seg = d.text.slice(g.start, g.end);
    let missed = 0;
    let total = 0;
    const leaked: string[] = [];
    for (let m = re.exec(seg); m; m = re.exec(seg)) {
      const a = g.start + m.index;
      const b = a + m[0].length;
      if (/^(?:dr|mr|mrs|ms|miss|prof|mx)$/i.test(m[0])) continue;
      if (d.gold.some((h) => h.type === 'IGNORE' && h.start <= a && h.end >= b)) continue;
      total++;
      if (!covered.some((s) => s.start < b && s.end > a)) {
        missed++;
        leaked.push(m[0]);
      }
    }
    if (missed > 0) console.log(`MISS ${g.type}\t${missed}/${total}\t[${leaked.join(' ')}]\t${JSON.stringify(d.text.slice(g.start, g.end))}\t|| ${d.text.slice(Math.max(0, g.start - 40), g.end + 30).replace(/\n/g, ' ')}`);
  }
  for (const s of spans) {
    if (onlyType && s.type !== onlyType) continue;
    const inGold = d.gold.some((g) => g.start < s.end && g.end > s.start);
    if (!inGold) console.log(`FP   ${s.type}\t${JSON.stringify(s.text)}\t|| ${d.text.slice(Math.max(0, s.start - 40), s.end + 30).replace(/\n/g, ' ')}`);
  }
}
