import type { SyncRedactor } from 'redact-pii';

const TOKEN = /[\p{L}\p{N}]+/gu;

function tokens(s: string): Array<{ w: string; s: number; e: number }> {
  const out: Array<{ w: string; s: number; e: number }> = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(s)) !== null) out.push({ w: m[0], s: m.index, e: m.index + m[0].length });
  return out;
}

/**
 * redact-pii returns only the redacted text. Input tokens that do not survive into the output
 * (token-level longest common subsequence) are taken as its predictions, typed 'REDACTED'.
 */
export function redactPiiSpans(redactor: SyncRedactor, text: string): { out: string; spans: Array<{ start: number; end: number; type: string }> } {
  const out = redactor.redact(text);
  const a = tokens(text);
  const b = tokens(out);
  const n = a.length;
  const m = b.length;
  const dp = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * (m + 1) + j] = a[i]!.w === b[j]!.w ? dp[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(dp[(i + 1) * (m + 1) + j]!, dp[i * (m + 1) + j + 1]!);
    }
  }
  const spans: Array<{ start: number; end: number; type: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n) {
    if (j < m && a[i]!.w === b[j]!.w && dp[i * (m + 1) + j] === dp[(i + 1) * (m + 1) + j + 1]! + 1) {
      i++;
      j++;
    } else if (j < m && dp[i * (m + 1) + j + 1]! >= dp[(i + 1) * (m + 1) + j]!) {
      j++;
    } else {
      spans.push({ start: a[i]!.s, end: a[i]!.e, type: 'REDACTED' });
      i++;
    }
  }
  return { out, spans };
}
