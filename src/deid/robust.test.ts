import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRedactor, detect, redact, redactStream } from './index.js';
import type { Span } from './index.js';

const LINE = 'THERAPIST: How was the week, Maria? CLIENT: I called 617-555-0134 on 04/22/2023. PHQ-9 of 14.\n';

async function collect(source: AsyncIterable<string | Uint8Array>): Promise<{ text: string; spans: Span[] }> {
  const r = createRedactor({ mode: 'mask' });
  let text = '';
  const spans: Span[] = [];
  for await (const piece of redactStream(source, r)) {
    text += piece.text;
    spans.push(...piece.spans);
  }
  return { text, spans };
}

describe('robustness', () => {
  it('handles empty input', async () => {
    expect(detect('')).toEqual([]);
    expect(redact('').text).toBe('');
    expect(await collect(Readable.from([]))).toEqual({ text: '', spans: [] });
  });

  it('handles binary-ish input without crashing', async () => {
    let seed = 7;
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed & 0xff;
    }
    const text = bytes.toString('latin1') + '\u0000\uFFFD\uD800 Maria 617-555-0134';
    expect(() => redact(text)).not.toThrow();
    const out = await collect(Readable.from([bytes.subarray(0, 99_999), bytes.subarray(99_999)]));
    expect(typeof out.text).toBe('string');
  });

  it('streams a 10 MB transcript with offsets into the whole input, across chunk boundaries', async () => {
    const input = LINE.repeat(Math.ceil(10_000_000 / LINE.length));
    expect(input.length).toBeGreaterThanOrEqual(10_000_000);
    // Source chunks of an odd size cut words, numbers and dates in half.
    const buf = Buffer.from(input, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < buf.length; i += 65_537) chunks.push(buf.subarray(i, i + 65_537));
    const out = await collect(Readable.from(chunks));
    const lines = Math.ceil(10_000_000 / LINE.length);
    expect(out.spans.filter((s) => s.type === 'NAME')).toHaveLength(lines);
    expect(out.spans.filter((s) => s.type === 'PHONE')).toHaveLength(lines);
    expect(out.spans.filter((s) => s.type === 'DATE')).toHaveLength(lines);
    for (const s of out.spans) expect(input.slice(s.start, s.end)).toBe(s.text);
    expect(out.text).toBe('THERAPIST: How was the week, [NAME]? CLIENT: I called [PHONE] on [DATE]. PHQ-9 of 14.\n'.repeat(lines));
  }, 120_000);

  it('decodes UTF-8 characters split across chunks', async () => {
    const text = 'José Álvarez-Núñez called from Bogotá on 04/22/2023.';
    const buf = Buffer.from(text, 'utf8');
    const parts = [...buf].map((b) => Buffer.from([b]));
    const out = await collect(Readable.from(parts));
    expect(out.spans.map((s) => s.text)).toEqual(detect(text).map((s) => s.text));
  });
});
