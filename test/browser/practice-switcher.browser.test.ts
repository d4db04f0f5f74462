import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSetup, PASSWORD, type ApiSetup } from './support/api-setup.js';
import { hasChromium, launchChromium, screenshot, seriousViolations, startAppServer, watchConsole } from './support/browser.js';

const OWNER_EMAIL = 'synthetic.two.practices@example.test';
const ASTER = 'Test Practice Aster';
const BIRCH = 'Test Practice Birch';

/**
 * One person who owns two practices: the session works in one practice at a time, the header's
 * switcher moves it, and nothing of the first practice's data stays on screen after the move.
 */
describe.skipIf(!hasChromium)('the practice switcher, in a real browser', () => {
  let app: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let setup: ApiSetup;
  let owner: BrowserContext;
  let page: Page;
  let consoleProblems: string[];
  const url = (path: string): string => `${app.server.url}${path}`;
  const heading = (name: string) => page.getByRole('heading', { level: 1, name });
  const check = async (screen: string): Promise<void> => {
    expect(await seriousViolations(page), screen).toEqual([]);
    expect(await page.evaluate("document.querySelectorAll('style').length"), screen).toBe(0);
    await screenshot(page, screen);
  };

  beforeAll(async () => {
    app = await startAppServer();
    browser = await launchChromium();
    setup = apiSetup(app.server.url, browser);
    const { ok, anon, onboard } = setup;
    await anon('/api/setup/admin', { setupToken: app.setupToken, email: 'synthetic.admin@example.test', displayName: 'Operator Admin', password: PASSWORD });
    const admin = await onboard('synthetic.admin@example.test');
    for (const name of [ASTER, BIRCH]) {
      const { id } = await ok<{ id: string }>(admin, 'POST', '/api/admin/practices', { name });
      await ok(admin, 'PUT', `/api/admin/practices/${id}/baa`, { status: 'executed', effectiveDate: '2026-01-01', signatory: 'Synthetic Signatory', documentSha256: 'b'.repeat(64) });
      const { token } = await ok<{ token: string }>(admin, 'POST', `/api/admin/practices/${id}/invitations`, { email: OWNER_EMAIL, role: 'owner' });
      // The second invitation is accepted by the account the first one created (its password proves it).
      await anon('/api/invitations/accept', { token, email: OWNER_EMAIL, displayName: 'Testy McTestface', password: PASSWORD });
    }
    owner = await onboard(OWNER_EMAIL);
    page = await owner.newPage();
    page.setDefaultTimeout(15_000);
    consoleProblems = watchConsole(page);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a member of two practices chooses one, and the switcher moves between them without carrying data across', async () => {
    // The sign-in picked one practice; the app still offers the choice at the start.
    await page.goto(url('/choose-practice'));
    await heading('Choose a practice').waitFor();
    await check('switcher-01-choose');
    await page.getByRole('button', { name: `${ASTER} (Owner)` }).click();
    await page.locator('header').filter({ hasText: `${ASTER} · Owner` }).waitFor();

    // A client in Aster.
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await heading('Clients').waitFor();
    await page.getByLabel('Legal first name').fill('Alpha');
    await page.getByLabel('Legal last name').fill('Testperson');
    await page.getByLabel('Date of birth').fill('1990-04-01');
    await page.getByRole('button', { name: 'Create client and open the chart' }).click();
    await heading('Alpha Testperson').waitFor();

    // The header's switcher moves the session to Birch: its own header, no Aster client anywhere.
    await page.getByLabel('Practice', { exact: true }).selectOption({ label: `${BIRCH} (Owner)` });
    await page.locator('header').filter({ hasText: `${BIRCH} · Owner` }).waitFor();
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await heading('Clients').waitFor();
    await page.getByText('No client here yet.').waitFor();
    expect(await page.content()).not.toContain('Alpha Testperson');
    await check('switcher-02-birch');
    // The server agrees: Birch's client list is empty, whatever the screen shows.
    const birch = await setup.ok<{ clients: unknown[] }>(owner, 'GET', '/api/practice/clients');
    expect(birch.clients).toEqual([]);

    // And back: Aster's client is there again.
    await page.getByLabel('Practice', { exact: true }).selectOption({ label: `${ASTER} (Owner)` });
    await page.locator('header').filter({ hasText: `${ASTER} · Owner` }).waitFor();
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('cell', { name: 'Alpha Testperson', exact: true }).waitFor();
    expect(consoleProblems).toEqual([]);
  });
});
