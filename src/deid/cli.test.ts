import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDeidCli } from './index.js';

async function run(opts: { mode: 'mask' | 'surrogate'; json: boolean; sensitivity?: 'standard' | 'high' }, input: string): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await runDeidCli(opts, Readable.from([Buffer.from(input)]), out);
  return Buffer.concat(chunks).toString('utf8');
}

const INPUT = 'Client Maria Lopez, DOB 04/22/1961, phone (617) 555-0134.\nPHQ-9 of 14.\n';

describe('runDeidCli', () => {
  it('writes the masked text', async () => {
    expect(await run({ mode: 'mask', json: false }, INPUT)).toBe('Client [NAME], DOB [DATE], phone [PHONE].\nPHQ-9 of 14.\n');
  });

  it('writes JSON with spans whose offsets point into the input', async () => {
    const parsed = JSON.parse(await run({ mode: 'mask', json: true }, INPUT)) as {
      text: string;
      spans: Array<{ start: number; end: number; type: string; text: string }>;
    };
    expect(parsed.text).toBe('Client [NAME], DOB [DATE], phone [PHONE].\nPHQ-9 of 14.\n');
    expect(parsed.spans.map((s) => s.type)).toEqual(['NAME', 'DATE', 'PHONE']);
    for (const s of parsed.spans) {
      expect(Object.keys(s).sort()).toEqual(['end', 'start', 'text', 'type']);
      expect(INPUT.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('surrogate mode replaces values with realistic ones', async () => {
    const out = await run({ mode: 'surrogate', json: false }, INPUT);
    expect(out).not.toContain('Maria');
    expect(out).not.toContain('555-0134');
    expect(out).not.toContain('[NAME]');
    expect(out).toMatch(/phone \(\d{3}\) \d{3}-\d{4}\./);
    expect(out).toContain('PHQ-9 of 14.');
  });

  it('--sensitivity high also masks a name nothing announces', async () => {
    const text = 'Zorbinka is very reliable.\n';
    expect(await run({ mode: 'mask', json: false }, text)).toBe(text);
    expect(await run({ mode: 'mask', json: false, sensitivity: 'high' }, text)).toBe('[NAME] is very reliable.\n');
  });

  it('handles empty stdin', async () => {
    expect(await run({ mode: 'mask', json: false }, '')).toBe('');
    expect(JSON.parse(await run({ mode: 'mask', json: true }, ''))).toEqual({ text: '', spans: [] });
  });
});
