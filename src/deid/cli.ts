import { createRedactor } from './redact.js';
import { redactStream } from './stream.js';

function write(output: NodeJS.WritableStream, s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    output.write(s, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * `confidant deid [--mode mask|surrogate] [--json] [--sensitivity standard|high]`: reads stdin, writes the redacted text, or
 * with --json `{"text": ..., "spans": [{start, end, type, text}]}` with offsets into the input.
 * Output is written as the input is processed, so memory stays flat on long transcripts.
 */
export async function runDeidCli(
  opts: { mode: 'mask' | 'surrogate'; json: boolean; sensitivity?: 'standard' | 'high' },
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<void> {
  const redactor = createRedactor({ mode: opts.mode, sensitivity: opts.sensitivity ?? 'standard' });
  const source = input as AsyncIterable<string | Uint8Array>;
  if (!opts.json) {
    for await (const piece of redactStream(source, redactor)) await write(output, piece.text);
    return;
  }
  const spans: Array<{ start: number; end: number; type: string; text: string }> = [];
  await write(output, '{"text":"');
  for await (const piece of redactStream(source, redactor)) {
    await write(output, JSON.stringify(piece.text).slice(1, -1));
    for (const s of piece.spans) spans.push({ start: s.start, end: s.end, type: s.type, text: s.text });
  }
  await write(output, '","spans":[');
  for (let i = 0; i < spans.length; i++) await write(output, (i > 0 ? ',' : '') + JSON.stringify(spans[i]));
  await write(output, ']}\n');
}
