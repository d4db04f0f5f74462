import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSetup, PASSWORD, type ApiSetup } from './support/api-setup.js';
import { hasChromium, launchChromium, screenshot, seriousViolations, startAppServer, watchConsole } from './support/browser.js';

const CLINICIAN_NAME = 'Clinician Testperson';
const SUBJECTIVE = 'Synthetic session: the client reports sleeping better.';
const PLAN = 'Synthetic plan: continue weekly sessions.';
const OBJECTIVE = 'Synthetic objective: calm and on time.';
const OTHER_TAB = 'Synthetic assessment written in another tab.';
const ADDENDUM = 'Synthetic addendum: the client called to confirm the next session.';
const PROCESS_NOTE = 'Synthetic process note: countertransference noticed.';

/** A section link of the chart (the app's own menu has a "Progress notes" link as well). */
const chartTab = (page: Page, name: string): Locator => page.getByRole('navigation', { name: 'Client chart' }).getByRole('link', { name, exact: true });

async function seeText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

/**
 * Progress and psychotherapy notes in the client chart, in Debian's Chromium against the real
 * server: autosave as versions, a stale save refused with the text kept, history and diff, sign,
 * verify, addendum; psychotherapy notes apart and hidden from the owner; staff kept out; the audit
 * trail shows the reads and the signature. axe runs on every screen.
 */
describe.skipIf(!hasChromium)('notes in the client chart, in a real browser', () => {
  let app: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  const contexts: Record<'admin' | 'owner' | 'clinician' | 'staff', BrowserContext | null> = { admin: null, owner: null, clinician: null, staff: null };
  const users: Record<string, string> = {};
  const consoleProblems: string[][] = [];
  const a11y: Record<string, string[]> = {};
  const state = { clientId: '', appointmentId: '', noteId: '', psychotherapyNoteId: '' };

  const url = (path: string): string => `${app.server.url}${path}`;
  let call: ApiSetup['call'];
  let ok: ApiSetup['ok'];
  let anon: ApiSetup['anon'];
  let onboard: ApiSetup['onboard'];

  async function member(owner: BrowserContext, role: string, name: string, email: string): Promise<BrowserContext> {
    const { token } = await ok<{ token: string }>(owner, 'POST', '/api/practice/invitations', { email, role });
    const accepted = await anon<{ userId: string }>('/api/invitations/accept', { token, email, displayName: name, password: PASSWORD });
    users[role] = accepted.userId;
    return onboard(email);
  }

  async function pageOf(ctx: BrowserContext): Promise<Page> {
    const page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    consoleProblems.push(watchConsole(page));
    return page;
  }

  const check = async (page: Page, screen: string): Promise<void> => {
    a11y[screen] = await seriousViolations(page);
    expect(a11y[screen], screen).toEqual([]);
    expect(await page.evaluate("document.querySelectorAll('style').length"), screen).toBe(0);
    await screenshot(page, `notes-${screen}`);
  };

  let clinician: Page;
  let owner: Page;
  let staff: Page;

  beforeAll(async () => {
    app = await startAppServer();
    browser = await launchChromium();
    ({ call, ok, anon, onboard } = apiSetup(app.server.url, browser));
    await anon('/api/setup/admin', { setupToken: app.setupToken, email: 'synthetic.admin@example.test', displayName: 'Operator Admin', password: PASSWORD });
    contexts.admin = await onboard('synthetic.admin@example.test');
    const { id: practiceId } = await ok<{ id: string }>(contexts.admin, 'POST', '/api/admin/practices', { name: 'Test Practice Notes' });
    await ok(contexts.admin, 'PUT', `/api/admin/practices/${practiceId}/baa`, { status: 'executed', effectiveDate: '2026-01-01', signatory: 'Synthetic Signatory', documentSha256: 'a'.repeat(64) });
    const { token } = await ok<{ token: string }>(contexts.admin, 'POST', `/api/admin/practices/${practiceId}/invitations`, { email: 'synthetic.owner@example.test', role: 'owner' });
    const accepted = await anon<{ userId: string }>('/api/invitations/accept', { token, email: 'synthetic.owner@example.test', displayName: 'Testy McTestface', password: PASSWORD });
    users.owner = accepted.userId;
    const ownerCtx = await onboard('synthetic.owner@example.test');
    contexts.owner = ownerCtx;
    contexts.clinician = await member(ownerCtx, 'clinician', CLINICIAN_NAME, 'synthetic.clinician@example.test');
    contexts.staff = await member(ownerCtx, 'staff', 'Staff Testperson', 'synthetic.staff@example.test');
    const client = await ok<{ id: string }>(ownerCtx, 'POST', '/api/practice/clients', { legalFirstName: 'Alpha', legalLastName: 'Testperson', dateOfBirth: '1990-04-01' });
    state.clientId = client.id;
    await ok(ownerCtx, 'PUT', `/api/practice/clients/${state.clientId}/care-team/${users.clinician}`);
    const day = new Date().toISOString().slice(0, 10);
    const appt = await ok<{ id: string }>(ownerCtx, 'POST', '/api/practice/appointments', {
      clientId: state.clientId,
      clinicianId: users.clinician,
      startsAt: `${day}T00:05:00Z`,
      endsAt: `${day}T00:55:00Z`,
      modality: 'telehealth',
    });
    state.appointmentId = appt.id;
    clinician = await pageOf(contexts.clinician);
    owner = await pageOf(ownerCtx);
    staff = await pageOf(contexts.staff);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const notePath = (): string => `/api/practice/clients/${state.clientId}/notes/${state.noteId}`;

  it('a clinician writes a SOAP note: autosave makes versions, a stale save keeps the text, history and diff', async () => {
    const page = clinician;
    await page.goto(url(`/clinical/clients/${state.clientId}/notes`));
    await page.getByRole('heading', { level: 2, name: 'Progress notes' }).waitFor();
    await page.getByText('No progress note for this client yet.').waitFor();
    await check(page, '01-progress-notes-empty');

    await page.getByLabel('Format').selectOption('soap');
    await page.getByLabel('Appointment').selectOption(state.appointmentId);
    await page.getByRole('button', { name: 'New progress note' }).click();
    await page.waitForURL(/\/notes\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 2, name: 'SOAP progress note', exact: true }).waitFor();
    state.noteId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(state.noteId).toMatch(/^[0-9a-f-]{36}$/);
    expect(state.noteId).not.toBe(state.clientId);
    expect(new URL(page.url()).pathname).toBe(`/clinical/clients/${state.clientId}/notes/${state.noteId}`);
    await seeText(page.getByText(/^Documents the appointment of/), `telehealth, with ${CLINICIAN_NAME}`);
    const status = page.getByTestId('save-status');
    await seeText(status, 'Draft, version 1');

    // Typing, then a pause: saved as a new version without pressing Save.
    await page.getByLabel('Subjective').fill(SUBJECTIVE);
    await seeText(status, 'not saved yet');
    await seeText(status, 'Saved as version 2');
    await page.getByLabel('Plan').fill(PLAN);
    await seeText(status, 'Saved as version 3');
    expect(await page.title()).toBe('Client chart · Confidant');
    await check(page, '02-progress-note-draft');
    // Note text never goes to browser storage.
    expect(await page.evaluate('window.localStorage.length + window.sessionStorage.length')).toBe(0);

    // Another tab saves version 4; this tab's next save is refused, its text stays.
    const other = await call<{ version: number }>(contexts.clinician!, 'PUT', notePath(), { baseVersion: 3, content: { subjective: SUBJECTIVE, plan: PLAN, assessment: OTHER_TAB } });
    expect(other.status).toBe(200);
    expect(other.body.version).toBe(4);
    await page.getByLabel('Objective').fill(OBJECTIVE);
    await seeText(status, 'Not saved: this note was saved elsewhere');
    await seeText(page.getByRole('alert'), 'nothing you typed was lost');
    expect(await page.getByLabel('Objective').inputValue()).toBe(OBJECTIVE);
    expect(await page.getByLabel('Subjective').inputValue()).toBe(SUBJECTIVE);
    await check(page, '03-progress-note-conflict');
    // The server still holds the other tab's version: nothing was overwritten.
    expect((await ok<{ version: number; content: Record<string, string> }>(contexts.clinician!, 'GET', notePath())).content.assessment).toBe(OTHER_TAB);
    await page.getByRole('button', { name: 'Save my text as the newest version' }).click();
    await seeText(status, 'Saved as version 5');

    // History: five versions; the diff from 4 to 5 marks the removed and the added words.
    await page.getByRole('button', { name: /^Show version history \(5 versions\)/ }).click();
    const history = page.getByRole('table').filter({ hasText: 'Saved by' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(5);
    await seeText(history, CLINICIAN_NAME);
    await page.getByLabel('Compare version').selectOption('4');
    await page.getByLabel('with version').selectOption('5');
    await page.getByRole('button', { name: 'Show differences' }).click();
    const diff = page.getByRole('region', { name: 'Differences from version 4 to version 5' });
    await diff.waitFor();
    expect(await diff.getByTestId('diff-objective').locator('ins').innerText()).toContain('calm and on time');
    expect(await diff.getByTestId('diff-assessment').locator('del').innerText()).toContain('another tab');
    // Not by colour alone: the words themselves say added and removed.
    expect(await diff.getByTestId('diff-assessment').locator('del').textContent()).toMatch(/^\[removed: /);
    expect(await diff.getByTestId('diff-objective').locator('ins').textContent()).toMatch(/^\[added: /);
    await seeText(diff, 'Subjective (no change)');
    await check(page, '04-progress-note-diff');
  });

  it('the clinician signs, verifies and adds an addendum; the signed note stays as it was', async () => {
    const page = clinician;
    await page.getByRole('button', { name: 'Sign and lock' }).click();
    await page.getByText('Signed and locked', { exact: true }).waitFor();
    await seeText(page.locator('.cf-signature'), `Signed and locked by ${CLINICIAN_NAME}`);
    const sha = (await page.locator('.cf-signature code').first().innerText()).trim();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByRole('textbox', { name: 'Subjective' }).count()).toBe(0);
    await page.getByText(SUBJECTIVE).waitFor();
    await page.getByRole('button', { name: 'Verify signature' }).click();
    await seeText(page.getByRole('status'), 'The content matches its signature');
    await check(page, '05-progress-note-signed');

    await page.getByLabel('New addendum').fill(ADDENDUM);
    await page.getByRole('button', { name: 'Add and sign addendum' }).click();
    const card = page.locator('.cf-followup');
    await seeText(card, `Addendum by ${CLINICIAN_NAME}`);
    await seeText(card, ADDENDUM);
    await seeText(card, /signed /);
    expect(await page.getByLabel('New addendum').inputValue()).toBe('');
    // The original is intact: same text, same hash.
    await page.getByText(SUBJECTIVE).waitFor();
    const server = await ok<{ contentSha256: string; addenda: string[]; status: string }>(contexts.clinician!, 'GET', notePath());
    expect(server.contentSha256).toBe(sha);
    expect(server.addenda).toHaveLength(1);
    await check(page, '06-progress-note-addendum');

    // The list: the signed note and its addendum under it, opened by id.
    await page.getByRole('link', { name: 'Back to all progress notes' }).click();
    const list = page.getByRole('table');
    await seeText(list, 'SOAP');
    await seeText(list, '↳ Addendum');
    await seeText(list.locator('tbody tr').first(), /^.*Signed /);
    await check(page, '07-progress-notes-list');
  });

  it('a psychotherapy note is written apart, shared and unshared, and its AI consent set', async () => {
    const page = clinician;
    await chartTab(page, 'Psychotherapy notes').click();
    await page.getByRole('heading', { level: 2, name: 'Psychotherapy notes (kept apart from the record)' }).waitFor();
    const banner = page.getByRole('note');
    await seeText(banner, 'visible only to its author and to the people the author shares it with');
    await seeText(banner, 'excluded from record exports');
    await check(page, '08-psychotherapy-empty');
    // Keyboard only: the button takes Enter, the text field takes typing.
    await page.getByRole('button', { name: 'New psychotherapy note' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/psychotherapy-notes\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 2, name: 'Psychotherapy note', exact: true }).waitFor();
    state.psychotherapyNoteId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByRole('textbox', { name: 'Psychotherapy note', exact: true }).focus();
    await page.keyboard.type(PROCESS_NOTE);
    await seeText(page.getByTestId('save-status'), 'Saved as version 2');
    await page.getByText('No AI processing').waitFor();
    await page.getByLabel('Allow AI features to process this note').check();
    await page.getByText('AI processing allowed').waitFor();
    // Shared with the owner, then the share withdrawn.
    await page.getByText('Nobody but you can read this note.').waitFor();
    await page.getByLabel('Share with a clinician or the owner').selectOption(users.owner!);
    await page.getByRole('button', { name: 'Share this note' }).click();
    await page.getByRole('cell', { name: 'Testy McTestface', exact: true }).waitFor();
    await check(page, '09-psychotherapy-shared');
    await page.getByRole('button', { name: 'Stop sharing with Testy McTestface' }).click();
    await page.getByText('Nobody but you can read this note.').waitFor();
    await page.getByRole('button', { name: 'Sign and lock' }).click();
    await page.getByText('Signed and locked', { exact: true }).waitFor();
    await check(page, '10-psychotherapy-signed');
    // It is not among the progress notes, nor in the record export.
    await chartTab(page, 'Progress notes').click();
    await page.getByRole('heading', { level: 2, name: 'Progress notes', exact: true }).waitFor();
    await seeText(page.getByRole('table'), 'SOAP');
    expect(await page.content()).not.toContain(PROCESS_NOTE);
    const exported = await call(contexts.clinician!, 'GET', `/api/practice/clients/${state.clientId}/record-export`);
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain('Synthetic session');
    expect(JSON.stringify(exported.body)).not.toContain(PROCESS_NOTE);
  });

  it('the owner does not see the psychotherapy note, neither listed nor by its id', async () => {
    const page = owner;
    await page.goto(url(`/clinical/clients/${state.clientId}/psychotherapy-notes`));
    await page.getByRole('heading', { level: 2, name: 'Psychotherapy notes (kept apart from the record)' }).waitFor();
    await page.getByText('No psychotherapy note you may read.').waitFor();
    await check(page, '11-owner-psychotherapy-list');
    await page.goto(url(`/clinical/clients/${state.clientId}/psychotherapy-notes/${state.psychotherapyNoteId}`));
    await seeText(page.getByRole('alert'), 'its author has not shared it with you');
    expect(await page.content()).not.toContain(PROCESS_NOTE);
    await check(page, '12-owner-psychotherapy-refused');
    // The owner reads the progress note (no psychotherapy text anywhere on the way).
    await page.goto(url(`/clinical/clients/${state.clientId}/notes/${state.noteId}`));
    await page.getByText(SUBJECTIVE).waitFor();
    expect(await page.content()).not.toContain(PROCESS_NOTE);
  });

  it('staff cannot open notes: refused, and no note text reaches the page', async () => {
    const page = staff;
    for (const path of [`/clinical/clients/${state.clientId}/notes`, `/clinical/clients/${state.clientId}/notes/${state.noteId}`]) {
      await page.goto(url(path));
      // Staff open the chart (demographics, appointments) but the notes section refuses in words.
      await page.getByRole('alert').filter({ hasText: 'open only to the client' }).first().waitFor();
      expect(new URL(page.url()).pathname).toBe(path);
      // Their chart offers no clinical section at all.
      const sections = await page.getByRole('navigation', { name: 'Client chart' }).getByRole('link').allInnerTexts();
      expect(sections).toEqual(['Overview', 'Care team', 'Appointments']);
      const html = await page.content();
      for (const text of [SUBJECTIVE, PLAN, ADDENDUM, PROCESS_NOTE]) expect(html).not.toContain(text);
      await check(page, `13-staff-${path.endsWith('/notes') ? 'list' : 'note'}`);
    }
    // The server itself refuses staff (403), whatever the screens do.
    expect((await call(contexts.staff!, 'GET', `/api/practice/clients/${state.clientId}/notes`)).status).toBe(403);
    expect((await call(contexts.staff!, 'GET', notePath())).status).toBe(403);
  });

  it("the owner's audit log shows the note's reads and its signature, and the refused psychotherapy read", async () => {
    const page = owner;
    await page.goto(url('/practice/audit'));
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = page.getByRole('table');
    await page.getByLabel('Resource type').fill('progress_note');
    await page.getByLabel('Action').fill('sign');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => (await table.locator('tbody tr').allInnerTexts()).filter((t) => t.includes(state.noteId) && /\bsign\b/.test(t)).length).toBe(1);
    await page.getByLabel('Action').fill('read');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => (await table.locator('tbody tr').allInnerTexts()).filter((t) => t.includes(state.noteId) && t.includes(CLINICIAN_NAME)).length).toBeGreaterThan(3);
    await check(page, '14-audit-note-events');
    await page.getByLabel('Resource type').fill('psychotherapy_note');
    await page.getByLabel('Action').fill('read');
    await page.getByLabel('Outcome').selectOption('denied');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => (await table.locator('tbody tr').allInnerTexts()).some((t) => t.includes(state.psychotherapyNoteId) && t.includes('Testy McTestface'))).toBe(true);
  });

  it('no screen broke the CSP or raised a script error, and axe passed on every screen', () => {
    expect(consoleProblems.flat()).toEqual([]);
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(15);
    expect(Object.values(a11y).flat()).toEqual([]);
  });
});
