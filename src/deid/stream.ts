import type { Redactor } from './redact.js';
import type { Span } from './types.js';

export interface RedactedChunk {
  /** Redacted text of this piece; concatenating all pieces gives the redacted document. */
  text: string;
  /** Spans with offsets into the whole input (UTF-16 indices of the decoded text). */
  spans: Span[];
}

const TARGET = 64 * 1024;

/**
 * Where to cut a buffer so no identifier is split: the last line break, else the last sentence
 * end, else the last whitespace. Only a single "word" longer than the buffer is cut blindly.
 */
function cutPoint(buf: string): number {
  const floor = buf.length >> 1;
  const nl = buf.lastIndexOf('\n');
  if (nl >= floor) return nl + 1;
  const sentence = Math.max(buf.lastIndexOf('. '), buf.lastIndexOf('? '), buf.lastIndexOf('! '));
  if (sentence >= floor) return sentence + 2;
  const ws = buf.search(/\s\S*$/);
  if (ws >= floor) return ws + 1;
  return buf.length;
}

/**
 * Redacts a long input piece by piece, so a 10 MB transcript never needs its whole detection
 * state in memory at once. UTF-8 sequences split across chunks are decoded correctly.
 */
export async function* redactStream(source: AsyncIterable<string | Uint8Array>, redactor: Redactor): AsyncGenerator<RedactedChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let buf = '';
  let base = 0;
  const flush = (piece: string): RedactedChunk => {
    const spans = redactor.detect(piece);
    const text = redactor.apply(piece, spans);
    const shifted = spans.map((s) => ({ ...s, start: s.start + base, end: s.end + base }));
    base += piece.length;
    return { text, spans: shifted };
  };
  for await (const chunk of source) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    while (buf.length >= 2 * TARGET) {
      const cut = cutPoint(buf.slice(0, 2 * TARGET));
      yield flush(buf.slice(0, cut));
      buf = buf.slice(cut);
    }
  }
  buf += decoder.decode();
  if (buf.length > 0) yield flush(buf);
}
