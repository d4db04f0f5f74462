import type { Browser, BrowserContext } from 'playwright-core';
import { totp } from './browser.js';

/** The one password every synthetic account of the browser tests uses (it passes the policy). */
export const PASSWORD = 'Velvet-Harbor-Quartz-91';

export interface ApiSetup {
  /** A JSON call as the web app makes it (CSRF header, the context's session cookie). */
  call<T = Record<string, unknown>>(ctx: BrowserContext, method: string, path: string, data?: unknown): Promise<{ status: number; body: T }>;
  /** The same, throwing on anything but 2xx. */
  ok<T = Record<string, unknown>>(ctx: BrowserContext, method: string, path: string, data?: unknown): Promise<T>;
  /** A POST without a session (setup, accepting an invitation), so no context's cookie is replaced. */
  anon<T = Record<string, unknown>>(path: string, data: unknown): Promise<T>;
  /** Signs in a fresh context and enrols TOTP (required for the workforce); the session is then verified. */
  onboard(email: string): Promise<BrowserContext>;
}

/**
 * Setting the stage over the API, so browser tests spend their time on the screens they test.
 * Every call goes to the real server, as the web app's own calls do.
 */
export function apiSetup(baseUrl: string, browser: Browser): ApiSetup {
  const url = (path: string): string => `${baseUrl}${path}`;
  const setup: ApiSetup = {
    async call<T>(ctx: BrowserContext, method: string, path: string, data?: unknown) {
      const res = await ctx.request.fetch(url(path), { method, headers: { 'x-confidant-csrf': '1' }, ...(data !== undefined ? { data } : {}) });
      const text = await res.text();
      return { status: res.status(), body: (text ? JSON.parse(text) : undefined) as T };
    },
    async ok<T>(ctx: BrowserContext, method: string, path: string, data?: unknown) {
      const res = await setup.call<T>(ctx, method, path, data);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async anon<T>(path: string, data: unknown) {
      const res = await fetch(url(path), { method: 'POST', headers: { 'x-confidant-csrf': '1', 'content-type': 'application/json' }, body: JSON.stringify(data) });
      if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async onboard(email: string) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
      await setup.ok(ctx, 'POST', '/api/auth/login', { email, password: PASSWORD });
      const { secret } = await setup.ok<{ secret: string }>(ctx, 'POST', '/api/auth/mfa/totp/enrol', { currentPassword: PASSWORD });
      await setup.ok(ctx, 'POST', '/api/auth/mfa/totp/confirm', { code: totp(secret) });
      return ctx;
    },
  };
  return setup;
}
