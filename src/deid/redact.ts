import { createDetector, type Detector } from './engine.js';
import { SurrogateGenerator, type SurrogateOptions } from './surrogate.js';
import type { DetectOptions, RedactMode, RedactResult, Span } from './types.js';
import { PseudonymVault } from './vault.js';
import { safeZip3 } from './zip3.js';

export interface RedactOptions extends DetectOptions {
  mode?: RedactMode;
  /** Surrogate mode: key, date offset and ZIP rule shared by every text of the batch. */
  surrogate?: SurrogateOptions;
  /** Pseudonymize mode (required there); in surrogate mode, surrogates are recorded too. */
  vault?: PseudonymVault;
  /** Mask mode: write ZIP codes as their HHS-safe prefix ("021XX", "000XX") instead of [ZIP]. */
  keepZip3?: boolean;
}

export interface Redactor {
  readonly mode: RedactMode;
  detect(text: string): Span[];
  /** Redacts one text; surrogates and vault tokens stay consistent across calls. */
  redact(text: string): RedactResult;
  /** Replaces already-detected spans (sorted, disjoint) in `text`. */
  apply(text: string, spans: readonly Span[]): string;
  readonly vault: PseudonymVault | undefined;
  readonly surrogates: SurrogateGenerator | undefined;
}

/** A redactor is a batch: build one per document set that must share surrogates. */
export function createRedactor(options: RedactOptions = {}): Redactor {
  const mode = options.mode ?? 'mask';
  const detector: Detector = createDetector(options);
  const vault = options.vault ?? (mode === 'pseudonymize' ? new PseudonymVault() : undefined);
  const surrogates = mode === 'surrogate' ? new SurrogateGenerator({ keepZip3: options.keepZip3, ...options.surrogate }) : undefined;

  const replacement = (span: Span): string => {
    if (mode === 'pseudonymize') return (vault as PseudonymVault).tokenFor(span.type, span.text);
    if (mode === 'surrogate') {
      const s = (surrogates as SurrogateGenerator).replace(span);
      vault?.record(span.type, s, span.text);
      return s;
    }
    if (span.type === 'ZIP' && options.keepZip3) return safeZip3(span.text) + 'XX';
    return `[${span.type}]`;
  };

  const apply = (text: string, spans: readonly Span[]): string => {
    let out = '';
    let pos = 0;
    for (const s of spans) {
      out += text.slice(pos, s.start) + replacement(s);
      pos = s.end;
    }
    return out + text.slice(pos);
  };

  return {
    mode,
    vault,
    surrogates,
    detect: (text) => detector.detect(text),
    apply,
    redact(text: string): RedactResult {
      const spans = detector.detect(text);
      return { text: apply(text, spans), spans };
    },
  };
}

/** One-off convenience; for many texts build a redactor once. */
export function redact(text: string, options: RedactOptions = {}): RedactResult {
  return createRedactor(options).redact(text);
}

export function detect(text: string, options: DetectOptions = {}): Span[] {
  return createDetector(options).detect(text);
}
