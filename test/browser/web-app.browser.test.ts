import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, screenshot, seriousViolations, startAppServer, totp, watchConsole } from './support/browser.js';

const ADMIN = { email: 'synthetic.admin@example.test', name: 'Operator Admin', password: 'Velvet-Harbor-Quartz-91' };
const OWNER = { email: 'synthetic.owner@example.test', name: 'Testy McTestface', password: 'Copper-Meadow-Lantern-42' };
const PRACTICE = 'Test Practice Juniper';
const CLINICIAN = { email: 'synthetic.clinician@example.test', name: 'Clinician Testperson', password: 'Silver-Willow-Harbor-58' };

/** Waits until one of the located elements shows the text (Playwright's test runner is not used here). */
async function seeText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

/**
 * From an empty installation to an owner reading the audit log, in Debian's Chromium against the
 * real server: setup, MFA enrolment and challenge, practice, invitation, members, settings, reports,
 * audit search and exports, and the idle logoff that leaves nothing behind. axe runs on every screen.
 */
describe.skipIf(!hasChromium)('the web app in a real browser', () => {
  let app: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleProblems: string[];
  const a11y: Record<string, string[]> = {};
  const state = { adminSecret: '', ownerSecret: '', invitationLink: '', clinicianLink: '', clientId: '', otherClientId: '', noteId: '' };

  const url = (path: string): string => `${app.server.url}${path}`;
  /** axe on the screen, recorded by name (asserted per test and once more at the end). */
  const check = async (screen: string): Promise<void> => {
    a11y[screen] = await seriousViolations(page);
    expect(a11y[screen], screen).toEqual([]);
    // The CSP allows no inline <style>: none may exist (Mantine is configured not to inject any).
    expect(await page.evaluate("document.querySelectorAll('style').length"), screen).toBe(0);
    await screenshot(page, screen);
  };
  const heading = (name: string) => page.getByRole('heading', { level: 1, name });

  /** Enrols TOTP on the MFA screen; returns the secret read from the manual key, as a person would type it. */
  const enrolMfa = async (password: string): Promise<string> => {
    await heading('Set up two-factor authentication').waitFor();
    await check('03-mfa-start');
    await page.getByLabel('Your current password').fill(password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading('Scan the QR code').waitFor();
    const qr = page.getByRole('img', { name: /QR code/ });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await page.getByTestId('manual-key').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await check('04-mfa-qr');
    // A wrong code is refused in words, and the screen stays put.
    await page.getByLabel('6-digit code').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await seeText(page.getByRole('alert'), 'not accepted');
    await page.getByLabel('6-digit code').fill(totp(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await heading('Save your recovery codes').waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await check('05-recovery-codes');
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    return secret;
  };

  beforeAll(async () => {
    app = await startAppServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    consoleProblems = watchConsole(page);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('first run: the operator admin is created with the setup token and must enrol MFA', async () => {
    await page.goto(url('/'));
    await heading('Sign in').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await check('01-login');
    await page.getByRole('link', { name: 'Create the operator admin' }).click();
    await heading('Set up Confidant').waitFor();
    await check('02-setup');
    // A wrong token is refused in plain words and nothing typed is lost.
    await page.getByLabel('Setup token').fill('not-the-token-printed-at-first-start');
    await page.getByLabel('Your email').fill(ADMIN.email);
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create the operator admin' }).click();
    await seeText(page.getByRole('alert'), 'setup token is not valid');
    expect(await page.getByLabel('Your email').inputValue()).toBe(ADMIN.email);
    expect(await page.getByLabel(/^Password/).inputValue()).toBe(ADMIN.password);
    await page.getByLabel('Setup token').fill(app.setupToken);
    await page.getByRole('button', { name: 'Create the operator admin' }).click();
    state.adminSecret = await enrolMfa(ADMIN.password);
    await heading('Practices').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/practices');
  });

  it('operator admin: creates a practice and the owner invitation link', async () => {
    await page.getByLabel('Practice name').fill(PRACTICE);
    await page.getByRole('button', { name: 'Create practice' }).click();
    await page.getByRole('cell', { name: PRACTICE, exact: true }).waitFor();
    await page.getByRole('button', { name: `Invite the owner of ${PRACTICE}` }).click();
    // A bad email: refused with the field named, the typed value kept.
    await page.getByLabel("Owner's email").fill('not-an-email');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    await seeText(page.getByRole('alert'), 'expected an email address');
    expect(await page.getByLabel("Owner's email").inputValue()).toBe('not-an-email');
    await page.getByLabel("Owner's email").fill(OWNER.email);
    await page.getByRole('button', { name: 'Create invitation' }).click();
    state.invitationLink = (await page.getByTestId('invitation-link').innerText()).trim();
    expect(state.invitationLink).toMatch(new RegExp(`^${app.server.url}/invite#[A-Za-z0-9_-]{20,}$`));
    await check('06-admin-practices');

    // The practice's BAA: without an executed one its PHI routes stay closed.
    await page.getByRole('button', { name: `Business Associate Agreement of ${PRACTICE}` }).click();
    await page.getByRole('heading', { name: `Business Associate Agreement of ${PRACTICE}` }).waitFor();
    await seeText(page.getByRole('status'), 'No BAA');
    await page.getByLabel('New status').selectOption('executed');
    await page.getByLabel('Signed for the practice by').fill('Synthetic Signatory');
    await page.getByRole('button', { name: 'Record' }).click();
    await seeText(page.getByRole('alert'), 'needs its effective date');
    expect(await page.getByLabel('Signed for the practice by').inputValue()).toBe('Synthetic Signatory');
    const document = Buffer.from('Synthetic business associate agreement, signed.');
    await page.getByLabel('Signed document (hashed here, not uploaded)').setInputFiles({ name: 'baa.pdf', mimeType: 'application/pdf', buffer: document });
    await expect.poll(() => page.getByLabel('Document SHA-256').inputValue()).toBe(createHash('sha256').update(document).digest('hex'));
    await page.getByLabel('Effective date').fill('2026-01-15');
    await page.getByRole('button', { name: 'Record' }).click();
    await seeText(page.getByRole('status'), 'In effect since 2026-01-15');
    await page.getByRole('cell', { name: 'Synthetic Signatory' }).waitFor();
    await check('07-admin-baa');
    await page.getByRole('link', { name: 'Security events' }).click();
    await heading('Installation security events').waitFor();
    await check('07b-admin-security-events');
  });

  it('sign-out, then sign-in with the MFA challenge', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
    await seeText(page.getByRole('status'), 'You have signed out');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill('Wrong-Password-For-Sure-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await seeText(page.getByRole('alert'), 'email or password is not correct');
    // Keyboard only from here: Tab from the email field to the password, Enter submits.
    await page.getByLabel('Email').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("type")')).toBe('password');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await heading('Two-factor check').waitFor();
    await check('08-mfa-challenge');
    // The enrolment spent this time step; the next one (still inside the accepted window) is fresh.
    // The code field has the focus already; typing and Enter are enough.
    await page.keyboard.type(totp(state.adminSecret, Date.now() + 30_000));
    await page.keyboard.press('Enter');
    await heading('Practices').waitFor();
    // The skip link is the first stop of the keyboard and leads to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Skip to content');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
  });

  it('the owner accepts the invitation, enrols MFA and sees the members', async () => {
    await page.goto(state.invitationLink);
    await heading('Accept your invitation').waitFor();
    // The token is taken out of the address bar and history at once.
    expect(page.url()).not.toContain('#');
    await check('09-accept-invitation');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel(/^Password/).fill(OWNER.password);
    await page.getByRole('button', { name: 'Join the practice' }).click();
    state.ownerSecret = await enrolMfa(OWNER.password);
    await heading('Members').waitFor();
    await page.getByRole('cell', { name: OWNER.name, exact: true }).waitFor();
    await seeText(page.locator('header'), `${PRACTICE} · Owner`);
    // The owner invites a clinician; the invitation appears as pending.
    await page.getByLabel('Email').fill('synthetic.clinician@example.test');
    await page.getByLabel('Role', { exact: true }).selectOption('clinician');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    state.clinicianLink = (await page.getByTestId('invitation-link').innerText()).trim();
    await page.getByRole('cell', { name: 'pending' }).waitFor();
    await check('10-members');
  });

  it('owner screens: settings, client access, security events, break-glass report', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await heading('Practice settings').waitFor();
    const minutes = page.getByLabel('Automatic sign-out after (minutes)');
    await expect.poll(() => minutes.inputValue()).toBe('15');
    await seeText(page.getByRole('status'), 'Business Associate Agreement: Executed');
    await minutes.fill('20');
    await page.getByRole('button', { name: 'Save' }).click();
    await seeText(page.getByRole('status'), 'Saved');
    await check('11-settings');

    // Client access leads to each client's chart; no client yet.
    await page.getByRole('link', { name: 'Client access' }).click();
    await heading('Client access').waitFor();
    await page.getByText('No client here.').waitFor();
    await check('12-client-access');

    await page.getByRole('link', { name: 'Security events' }).click();
    await heading('Security events').waitFor();
    await check('13-security-events');
    await page.getByRole('link', { name: 'Break-glass report' }).click();
    await heading('Break-glass report').waitFor();
    await page.getByText('No emergency access').waitFor();
    await check('14-break-glass');
  });

  it('clinical: the owner creates a client and works through the chart', async () => {
    // The clinician accepts their invitation (over the API: their own screens were shown above).
    const accepted = await fetch(url('/api/invitations/accept'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-confidant-csrf': '1' },
      body: JSON.stringify({ token: state.clinicianLink.split('#')[1], email: CLINICIAN.email, displayName: CLINICIAN.name, password: CLINICIAN.password }),
    });
    expect(accepted.status).toBe(201);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('cell', { name: CLINICIAN.name, exact: true }).waitFor();

    // A new client from the Clients screen opens on its chart; the name stays out of URL and title.
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await heading('Clients').waitFor();
    await page.getByText('No client here yet.').waitFor();
    await check('22-clients');
    await page.getByLabel('Legal first name').fill('Alpha');
    await page.getByLabel('Legal last name').fill('Testperson');
    await page.getByLabel('Date of birth').fill('1990-04-01');
    await page.getByRole('button', { name: 'Create client and open the chart' }).click();
    await heading('Alpha Testperson').waitFor();
    const clientId = /\/clinical\/clients\/([0-9a-f-]{36})\/overview$/.exec(new URL(page.url()).pathname)?.[1] ?? '';
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    state.clientId = clientId;
    expect(await page.title()).toBe('Client chart · Confidant');
    expect(page.url()).not.toContain('Alpha');

    // Demographics: a bad email is refused beside its field, and nothing typed is lost.
    await page.getByLabel('Preferred name').fill('Al');
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByLabel('May send text messages').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await seeText(page.getByRole('alert'), 'Some fields need attention');
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.locator('.mantine-InputWrapper-error', { hasText: 'not a valid email address' }).waitFor();
    expect(await page.getByLabel('Preferred name').inputValue()).toBe('Al');
    expect(await page.getByLabel('May send text messages').isChecked()).toBe(true);
    await page.getByLabel('Email', { exact: true }).fill('alpha.testperson@example.test');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await seeText(page.getByRole('status'), 'Saved.');
    await heading('Al Testperson').waitFor();
    await check('23-chart-overview');

    // Care team: the owner adds the clinician.
    const tab = (name: string) => page.getByRole('navigation', { name: 'Client chart' }).getByRole('link', { name, exact: true });
    await tab('Care team').click();
    await page.getByText("No clinician is on this client's care team.").waitFor();
    await page.getByLabel('Clinician', { exact: true }).selectOption({ label: CLINICIAN.name });
    await page.getByRole('button', { name: 'Add to care team' }).click();
    await page.getByRole('cell', { name: CLINICIAN.name, exact: true }).waitFor();
    await check('24-chart-care-team');

    // Appointments: booked with the clinician tomorrow; the same slot again is refused in words.
    await tab('Appointments').click();
    await page.getByRole('heading', { name: 'Book an appointment' }).waitFor();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    const book = async (): Promise<void> => {
      await page.getByLabel(/^Clinician/).selectOption({ label: CLINICIAN.name });
      await page.getByLabel(/^Day/).fill(day);
      await page.getByLabel('Start time').fill('10:00');
      await page.getByRole('button', { name: 'Book', exact: true }).click();
    };
    await book();
    await seeText(page.getByRole('status'), 'Booked.');
    await page.getByText(`${CLINICIAN.name} · In person`).waitFor();
    await book();
    await seeText(page.getByRole('alert'), 'already has an appointment at that time');
    expect(await page.getByLabel('Start time').inputValue()).toBe('10:00');
    await check('25-chart-appointments');

    // Treatment plan: signing an incomplete plan is refused with what is missing; completed, it signs.
    await tab('Treatment plan').click();
    await page.getByRole('button', { name: 'Start a treatment plan' }).click();
    await page.getByLabel('Problem 1', { exact: true }).fill('Synthetic problem: low mood.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await seeText(page.getByRole('status'), 'Saved as version 2');
    await page.getByRole('button', { name: 'Sign and lock' }).click();
    await seeText(page.getByRole('alert'), 'give the plan a review date');
    await page.getByLabel('Goal 1.1').fill('Synthetic goal: mood improves.');
    await page.getByLabel('Objective 1.1.1', { exact: true }).fill('PHQ-9 below 10');
    await page.getByLabel('How objective 1.1.1 is measured').fill('PHQ-9 total at two visits');
    await page.getByLabel('Target date of objective 1.1.1').fill('2027-06-01');
    await page.getByLabel('Intervention 1.1', { exact: true }).fill('Synthetic CBT sessions');
    await page.getByLabel('Review date').fill('2027-03-01');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await seeText(page.getByRole('status'), 'Saved as version 3');
    await page.getByRole('button', { name: 'Sign and lock' }).click();
    await page.getByText(/^signed /).waitFor();
    expect(await page.getByLabel('Review date').getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'Revise this plan' }).waitFor();
    await check('26-chart-treatment-plan');

    // Assessments: a PHQ-9 with every item at 1 (total 9, item 9 above zero: a crisis alert on the
    // chart header), then one at 0: the trend shows a drop past the 5-point threshold.
    await tab('Assessments').click();
    await page.getByText('No measure recorded for this client yet.').waitFor();
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: /^Record / }) });
    const answerAll = async (value: string): Promise<void> => {
      const items = form.locator('select');
      expect(await items.count()).toBeGreaterThanOrEqual(9);
      for (let i = 0; i < (await items.count()); i++) await items.nth(i).selectOption(value);
      await form.getByRole('button', { name: /^Record / }).click();
    };
    await answerAll('1');
    await seeText(page.getByRole('status'), 'A crisis alert was raised');
    await seeText(page.getByRole('alert'), 'Open crisis alert');
    await answerAll('0');
    await seeText(page.getByRole('status'), 'Total 0 of 27');
    await page.getByRole('img', { name: /PHQ-9 totals over time/ }).waitFor();
    await page.getByRole('cell', { name: '-9, improved' }).waitFor();
    await page.getByText(/5 points either side of the first result/).waitFor();
    await check('27-chart-assessments');

    // The banner leads to the practice-wide Crisis alerts screen, which leads back to the chart;
    // acknowledged, the banner goes.
    await page.getByRole('link', { name: 'Acknowledge or resolve in Crisis alerts' }).click();
    await heading('Crisis alerts').waitFor();
    await page.getByRole('link', { name: "Open the client's chart" }).waitFor();
    await check('19-crisis-alerts');
    await page.getByLabel('Acknowledge as').selectOption('reviewed');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('No open crisis alert.').waitFor();
    await page.getByLabel('Show').selectOption('all');
    await page.getByText(/^Acknowledged .*: reviewed$/).waitFor();
    await page.getByRole('link', { name: "Open the client's chart" }).click();
    await page.getByRole('cell', { name: '-9, improved' }).waitFor();
    await expect.poll(() => page.getByText('Open crisis alert').count()).toBe(0);

    // Consent to text messages: recorded as given, then in force.
    await tab('Consents').click();
    const given = page.getByRole('button', { name: /^Record consent given: / }).first();
    await given.waitFor();
    const notInForce = await page.getByText('not in force', { exact: true }).count();
    await given.click();
    await expect.poll(() => page.getByText('not in force', { exact: true }).count()).toBe(notInForce - 1);
    await page.getByText(/^Last recorded: granted \(written, by the client\)/).waitFor();
    await check('20-consents');

    await tab('Restrictions').click();
    await page.getByText('No restriction recorded for this client.').waitFor();
    await page.getByLabel('Restriction', { exact: true }).waitFor();
    await check('28-chart-restrictions');

    // The week's calendar of the clinician shows the booking with a link to the chart.
    await page.getByRole('link', { name: 'Calendar' }).click();
    await heading('Calendar').waitFor();
    await page.getByLabel('Whose calendar').selectOption({ label: CLINICIAN.name });
    if (tomorrow.getDay() === 1) await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('link', { name: 'Al Testperson' }).first().waitFor();
    await check('29-calendar');

    // A SOAP progress note in the chart (the calendar's link leads there): saved as a new version,
    // then signed and locked.
    await page.getByRole('link', { name: 'Al Testperson' }).first().click();
    await tab('Progress notes').click();
    await page.getByText('No progress note for this client yet.').waitFor();
    await page.getByLabel('Format').selectOption('soap');
    await page.getByRole('button', { name: 'New progress note' }).click();
    await page.getByRole('heading', { level: 2, name: 'SOAP progress note', exact: true }).waitFor();
    state.noteId = /\/notes\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1] ?? '';
    expect(state.noteId).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByLabel('Subjective').fill('Synthetic session: the client reports sleeping better.');
    await page.getByLabel('Plan').fill('Synthetic plan: continue weekly sessions.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await seeText(page.getByTestId('save-status'), /Saved as version \d/);
    await page.getByRole('button', { name: 'Sign and lock' }).click();
    await page.getByText('Signed and locked', { exact: true }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Subjective' }).count()).toBe(0);
    await check('21-notes');

    // A second client, whose care team the clinician is not on; the list finds it by name (POST).
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByLabel('Legal first name').fill('Beta');
    await page.getByLabel('Legal last name').fill('Testperson');
    await page.getByLabel('Date of birth').fill('1985-09-12');
    await page.getByRole('button', { name: 'Create client and open the chart' }).click();
    await heading('Beta Testperson').waitFor();
    state.otherClientId = /\/clinical\/clients\/([0-9a-f-]{36})\//.exec(new URL(page.url()).pathname)?.[1] ?? '';
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('search').getByLabel('Name').fill('beta testperson');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Beta Testperson' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Al Testperson' }).count()).toBe(0);
    expect(page.url()).not.toContain('beta');

    // CSV import, good rows only: the rejected row is reported by line and column, never by value.
    await page.getByRole('link', { name: 'Import clients from a CSV file' }).click();
    await heading('Import clients').waitFor();
    const csv = 'legal_first_name,legal_last_name,date_of_birth\nGamma,Testperson,1970-02-03\nDelta,Testperson,not-a-date\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Import the good rows even if some are rejected').check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await seeText(page.getByRole('status'), '1 of 2 clients imported');
    await page.getByRole('cell', { name: 'date_of_birth' }).first().waitFor();
    await page.getByRole('cell', { name: '3', exact: true }).first().waitFor();
    expect(await page.getByText('not-a-date').count()).toBe(0);
    await check('32-client-import');
  });

  it('break-glass: a clinician off the care team is refused in words, opens emergency access with a reason, and the owner sees it reported', async () => {
    // The clinician works in a browser context of their own; the owner stays signed in here.
    const ownerPage = page;
    const clinicianContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await clinicianContext.newPage();
    page.setDefaultTimeout(10_000);
    const clinicianConsole = watchConsole(page);
    try {
      await page.goto(url('/login'));
      await page.getByLabel('Email').fill(CLINICIAN.email);
      await page.getByLabel(/^Password/).fill(CLINICIAN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await enrolMfa(CLINICIAN.password);
      await heading('Overview').waitFor();
      // Their own client opens; the other one is refused in plain words, with emergency access offered.
      await page.goto(url(`/clinical/clients/${state.clientId}`));
      await heading('Al Testperson').waitFor();
      // The care team is shown to its members, read-only (the owner manages it).
      await page.getByRole('navigation', { name: 'Client chart' }).getByRole('link', { name: 'Care team', exact: true }).click();
      await page.getByRole('list', { name: 'Care team' }).getByText(CLINICIAN.name).waitFor();
      expect(await page.getByRole('button', { name: 'Add to care team' }).count()).toBe(0);
      await page.goto(url(`/clinical/clients/${state.otherClientId}`));
      await seeText(page.getByRole('alert'), 'This chart is not open to you');
      expect(await page.getByText('Beta Testperson').count()).toBe(0);
      await check('30-chart-no-access');
      await page.getByLabel('Reason for emergency access').fill('urgent');
      await page.getByRole('button', { name: 'Open with emergency access' }).click();
      await page.locator('.mantine-InputWrapper-error', { hasText: 'at least 10 characters' }).waitFor();
      expect(await page.getByLabel('Reason for emergency access').inputValue()).toBe('urgent');
      await page.getByLabel('Reason for emergency access').fill('Synthetic emergency: covering clinician, client in crisis on the phone.');
      await page.getByRole('button', { name: 'Open with emergency access' }).click();
      await heading('Beta Testperson').waitFor();
      await seeText(page.getByRole('status'), 'You opened this chart with emergency access');
      await seeText(page.locator('.mantine-Badge-root'), 'Emergency access');
      await check('31-chart-emergency-access');
      expect(clinicianConsole).toEqual([]);
    } finally {
      await clinicianContext.close();
      page = ownerPage;
    }
    await page.getByRole('link', { name: 'Break-glass report' }).click();
    await heading('Break-glass report').waitFor();
    await page.getByRole('cell', { name: 'Synthetic emergency: covering clinician, client in crisis on the phone.' }).waitFor();
    await page.getByRole('cell', { name: CLINICIAN.name, exact: true }).waitFor();
  });

  it('audit log: events, filters, paging, exports and the signed checkpoint', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await heading('Audit log').waitFor();
    const table = page.getByRole('table');
    await table.locator('tbody tr').first().waitFor();
    // Filtered by action: only those rows remain (the chart's reads pushed them off the first page).
    await page.getByLabel('Action').fill('invite');
    await page.getByRole('button', { name: 'Search' }).click();
    await table.getByRole('cell', { name: 'invite', exact: true }).first().waitFor();
    await expect.poll(async () => (await table.locator('tbody tr').allInnerTexts()).every((t) => t.includes('invite'))).toBe(true);
    // A malformed filter is answered in words, the typed value kept.
    await page.getByLabel('Action').fill('Not A Code!');
    await page.getByRole('button', { name: 'Search' }).click();
    await seeText(page.getByRole('alert').first(), 'lower-case code');
    expect(await page.getByLabel('Action').inputValue()).toBe('Not A Code!');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByLabel('Action').inputValue()).toBe('');
    await table.locator('tbody tr').first().waitFor();
    await check('15-audit-log');
    // The SOAP note of the clinical flow: its signature and its reads are in the trail, by id.
    await page.getByLabel('Resource type').fill('progress_note');
    await page.getByLabel('Action').fill('sign');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => (await table.locator('tbody tr').allInnerTexts()).filter((t) => t.includes(state.noteId)).length).toBe(1);
    await page.getByLabel('Action').fill('read');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => (await table.locator('tbody tr').allInnerTexts()).filter((t) => t.includes(state.noteId)).length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByLabel('Action').inputValue()).toBe('');
    // Cursor paging: ten a page, the next page older, and back.
    await page.getByLabel('Events per page').selectOption('10');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);
    const firstPage = await table.locator('tbody tr').allInnerTexts();
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText('Page 2').waitFor();
    await expect.poll(async () => (await table.locator('tbody tr').allInnerTexts()).join()).not.toBe(firstPage.join());
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByText('Page 1').waitFor();
    // Page 1 again (reading the trail is itself recorded, so newer events may have joined it).
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);
    await page.getByLabel('Events per page').selectOption('50');

    // Exports cover sealed events; the sealer runs every 300 ms in this server.
    await new Promise((r) => setTimeout(r, 1000));
    const csv = await downloadText('CSV');
    expect(csv.name).toBe('audit-export.csv');
    expect(csv.text.split('\n')[0]).toContain('action');
    expect(csv.text).toContain('accept_invitation');
    const jsonl = await downloadText('JSON lines');
    expect(jsonl.name).toBe('audit-export.jsonl');
    expect(JSON.parse(jsonl.text.trim().split('\n')[0] ?? '{}')).toHaveProperty('action');
    const fhir = await downloadText('FHIR AuditEvent');
    expect(JSON.parse(fhir.text)).toMatchObject({ resourceType: 'Bundle' });
    const checkpoint = await downloadText('Download signed checkpoint');
    expect(checkpoint.name).toBe('audit-checkpoint.json');
    expect(checkpoint.text).toMatch(/signature/i);
    // Not one of the downloads wrote the owner's name.
    for (const file of [csv, jsonl, fhir, checkpoint]) expect(file.text).not.toContain(OWNER.name);
  });

  it('password change: a wrong current password is refused and nothing typed is lost', async () => {
    await page.getByRole('link', { name: 'Password' }).click();
    await heading('Change password').waitFor();
    await page.getByLabel('Current password').fill('Not-My-Password-77');
    await page.getByLabel(/^New password(?! again)/).fill('Amber-Orchard-Falcon-63');
    await page.getByLabel('New password again').fill('Amber-Orchard-Falcon-63');
    await page.getByLabel('6-digit code from your authenticator app').fill(totp(state.ownerSecret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Change password' }).click();
    await seeText(page.getByRole('alert'), 'not changed');
    expect(await page.getByLabel(/^New password(?! again)/).inputValue()).toBe('Amber-Orchard-Falcon-63');
    await check('16-password');
  });

  it('idle timeout: a warning, then logoff that leaves no PHI in the DOM, storage or cache', async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('cell', { name: OWNER.name, exact: true }).waitFor();
    // The browser's clock is faked from here on; the app reloads so its timers run on it.
    await page.clock.install();
    await page.reload();
    await page.getByRole('cell', { name: OWNER.name, exact: true }).waitFor();
    await page.clock.fastForward('14:10');
    const warning = page.getByRole('alertdialog', { name: 'Still there?' });
    await warning.waitFor();
    await seeText(warning, 'signed out in');
    await check('17-idle-warning');
    await page.clock.fastForward('01:00');
    await heading('Sign in').waitFor();
    await seeText(page.getByRole('status'), 'nothing happened for a while');
    expect(new URL(page.url()).pathname).toBe('/login');

    const body = await page.locator('body').innerText();
    const html = await page.content();
    for (const leftover of [OWNER.name, OWNER.email, PRACTICE, 'synthetic.clinician', CLINICIAN.name, state.clientId, 'Synthetic session', 'Testperson', 'Synthetic emergency']) {
      expect(body).not.toContain(leftover);
      expect(html).not.toContain(leftover);
    }
    // Evaluated in the page (given as text: this file is type-checked without the DOM library).
    const storage = await page.evaluate(`(async () => ({
      local: window.localStorage.length,
      session: window.sessionStorage.length,
      caches: 'caches' in window ? (await caches.keys()).length : 0,
    }))()`);
    expect(storage).toEqual({ local: 0, session: 0, caches: 0 });
    // The server ended the session as well.
    const res = await page.request.get(url('/api/session'));
    expect(res.status()).toBe(401);
  });

  it('no screen broke the CSP or raised a script error, and axe passed on every screen', () => {
    expect(consoleProblems).toEqual([]);
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(21);
    expect(Object.values(a11y).flat()).toEqual([]);
  });

  async function downloadText(button: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
  }
});
