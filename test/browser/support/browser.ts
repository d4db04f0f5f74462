import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { loadConfig } from '../../../src/config.js';
import type { RunningServer } from '../../../src/main.js';
import { DEFAULT_WEB_ROOT, startServer } from '../../../src/main.js';

export const CHROMIUM = process.env.CONFIDANT_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The real server on a fresh embedded database in a temp directory, serving the built web app. */
export async function startAppServer(): Promise<{ server: RunningServer; setupToken: string; close: () => Promise<void> }> {
  const base = mkdtempSync(path.join(tmpdir(), 'confidant-browser-'));
  const config = loadConfig({ CONFIDANT_DATA_DIR: path.join(base, 'data'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', CONFIDANT_AUDIT_SEAL_INTERVAL_MS: '300' });
  const server = await startServer(config, { logger: pino({ level: 'silent' }), webRoot: DEFAULT_WEB_ROOT });
  if (!server.setupToken) throw new Error('a fresh installation issues a setup token');
  return {
    server,
    setupToken: server.setupToken.token,
    close: async () => {
      await server.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless; no sandbox because tests run as root in a container. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check'],
  });
}

/** Console errors a page raised: CSP refusals above all (the app must run under the strict CSP). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|404|409|410|400|403)/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

/** axe-core on the current screen: the serious and critical violations (WCAG 2.1 A/AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(" ")} [${n.failureSummary ?? ""}]`).join(", ")})`);
}

/** RFC 6238 code for a base32 secret at a moment, as an authenticator app would show it. */
export function totp(secret: string, at = Date.now()): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
}

/** Screenshots for the docs, only when asked (CONFIDANT_SCREENSHOTS=1), so test runs leave the checkout clean. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CONFIDANT_SCREENSHOTS !== '1') return;
  const dir = path.join(ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
