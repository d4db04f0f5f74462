import { describe, expect, it } from 'vitest';
import { createRedactor, PseudonymVault } from './index.js';

describe('pseudonymize mode', () => {
  it('round-trips: the vault restores the original text exactly', () => {
    const vault = new PseudonymVault();
    const r = createRedactor({ mode: 'pseudonymize', vault });
    const original = 'Maria Lopez (MRN: JM-1234567) called (617) 555-0134 on 04/22/2023 about her sister Grace.';
    const red = r.redact(original);
    expect(red.text).not.toContain('Maria');
    expect(red.text).not.toContain('555-0134');
    expect(red.text).toMatch(/\[NAME_1\]/);
    expect(vault.restore(red.text)).toBe(original);
  });

  it('puts real values back into an AI answer that reuses the tokens', () => {
    const vault = new PseudonymVault();
    const r = createRedactor({ mode: 'pseudonymize', vault });
    const red = r.redact('Session with Jamal Okafor on March 3rd.');
    const nameToken = red.text.match(/\[NAME_\d+\]/)?.[0];
    const dateToken = red.text.match(/\[DATE_\d+\]/)?.[0];
    expect(nameToken).toBeDefined();
    const answer = `Draft: ${nameToken} reported improved mood since ${dateToken}.`;
    expect(vault.restore(answer)).toBe('Draft: Jamal Okafor reported improved mood since March 3rd.');
  });

  it('gives the same value the same token across texts and survives serialisation', () => {
    const vault = new PseudonymVault();
    const r = createRedactor({ mode: 'pseudonymize', vault });
    const a = r.redact('Call 617-555-0134 today.').text;
    const b = r.redact('Her number (617) 555-0134 changed.').text;
    const token = a.match(/\[PHONE_\d+\]/)?.[0];
    expect(token).toBeDefined();
    expect(b).toContain(token);
    const copy = PseudonymVault.fromJSON(JSON.parse(JSON.stringify(vault.toJSON())) as ReturnType<PseudonymVault['toJSON']>);
    expect(copy.restore(a)).toBe('Call 617-555-0134 today.');
    expect(copy.tokenFor('PHONE', '617.555.0134')).toBe(token);
    expect(copy.tokenFor('PHONE', '212-555-0000')).not.toBe(token);
  });

  it('can also undo surrogate mode when a vault is given', () => {
    const vault = new PseudonymVault();
    const r = createRedactor({ mode: 'surrogate', vault, surrogate: { secret: 'k' } });
    const original = 'Maria Lopez, SSN 123-45-6789.';
    const red = r.redact(original);
    expect(red.text).not.toContain('Maria');
    expect(vault.restore(red.text)).toBe(original);
  });
});
