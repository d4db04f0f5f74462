import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The `confidant deid` command as an operator runs it: options parsed, stdin in, stdout out.
const deid = (args: string[], input: string) => spawnSync('node', ['bin/confidant.js', 'deid', ...args], { input, encoding: 'utf8', timeout: 60_000 });

describe('confidant deid', () => {
  it('refuses an unknown --sensitivity or --mode with a message and exit 1, writing nothing', () => {
    for (const args of [['--sensitivity', 'max'], ['--mode', 'erase']]) {
      const r = deid(args, 'Zorbinka is very reliable.\n');
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/must be (standard or high|mask or surrogate)/);
      expect(r.stderr).not.toContain('Zorbinka');
    }
  });

  it('--sensitivity high masks the name nothing announces; the default leaves it', () => {
    const text = 'Zorbinka is very reliable.\n';
    expect(deid([], text).stdout).toBe(text);
    const high = deid(['--sensitivity', 'high', '--json'], text);
    expect(high.status).toBe(0);
    expect(JSON.parse(high.stdout)).toEqual({ text: '[NAME] is very reliable.\n', spans: [{ start: 0, end: 8, type: 'NAME', text: 'Zorbinka' }] });
  });
});
