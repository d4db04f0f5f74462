import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from '../support/db.js';
import type { RawDatabaseSource } from '../support/raw-database.js';
import { rawDatabaseContains } from '../support/raw-database.js';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { buildTestApp, createOperatorAdmin, createPracticeAsAdmin, createPracticeWithMembers, TestClock } from '../support/identity.js';

/**
 * Demographics and appointment locations written over HTTP are nowhere in the raw database: not in
 * PGlite's data files (pages, WAL) nor in a pg_dump. A practice name, stored in plain text on
 * purpose, is the control: the scan must find it, or the scan proves nothing.
 */
let dir: string;
let db: Database;
let app: FastifyInstance;
const tag = randomBytes(4).toString('hex');
const digits = String(parseInt(tag, 16) % 100).padStart(2, '0');
const canaries = {
  legalFirstName: `Canaryfirst${tag}`,
  legalLastName: `Canarylast${tag}`,
  preferredName: `Canarypref${tag}`,
  email: `canary.${tag}@example.test`,
  addressLine1: `${tag} Canary Lane`,
  emergencyContactName: `Canary Contact ${tag}`,
  location: `https://video.example.test/canary-${tag}`,
};
const phone = `+1201555${'01'}${digits}`;
const control = `Control Practice ${tag}`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-clients-canary-'));
  if (testDbKind() === 'pglite') {
    db = await openPglite(path.join(dir, 'pgdata'));
    await migrate(db);
  } else {
    db = await openTestDatabase();
  }
  const clock = new TestClock(new Date('2026-06-01T12:00:00Z'));
  app = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  await createPracticeAsAdmin(admin, control);
  const { owner, members } = await createPracticeWithMembers(app, clock, admin, ['clinician']);
  const { location, ...demographics } = canaries;
  const created = await owner.caller.req('POST', '/api/practice/clients', { ...demographics, phone, dateOfBirth: '1971-07-07', city: 'Springfield' });
  expect(created.statusCode, created.body).toBe(201);
  const clientId = (created.json() as { id: string }).id;
  const booked = await owner.caller.req('POST', '/api/practice/appointments', {
    clientId, clinicianId: members.clinician!.userId, startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T10:50:00Z', modality: 'telehealth', location,
  });
  expect(booked.statusCode, booked.body).toBe(201);
});

afterAll(async () => {
  await app.close();
  if (db.kind === 'postgres') await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('client records at rest', () => {
  it('no canary written over HTTP appears in the data files / dump; the plain-text control does', async () => {
    let source: RawDatabaseSource;
    if (db.kind === 'pglite') {
      await app.close();
      await db.close(); // flushes pages and WAL to the directory
      source = { dataDir: path.join(dir, 'pgdata') };
    } else {
      source = { postgresUrl: process.env.CONFIDANT_TEST_MIGRATION_URL! };
    }
    const needles = [control, ...Object.values(canaries), phone, phone.slice(2), canaries.email.toLowerCase()];
    expect(await rawDatabaseContains(source, needles)).toEqual([control]);
  });
});
