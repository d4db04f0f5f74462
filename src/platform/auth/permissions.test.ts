import { describe, expect, it } from 'vitest';
import type { Actor, ClientGrant, Resource } from './permissions.js';
import { can } from './permissions.js';

const P = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';
const actor = (role: Actor['role'], practiceId: string | null = P, isOperatorAdmin = false): Actor => ({ userId: 'u', sessionId: 's', isOperatorAdmin, practiceId, role });
const client = (f: { careTeam?: boolean; grant?: ClientGrant | null; breakGlass?: boolean; inPractice?: boolean } = {}): Resource => ({
  type: 'client',
  practiceId: P,
  clientId: C,
  inPractice: f.inPractice ?? true,
  careTeam: f.careTeam ?? false,
  grant: f.grant ?? null,
  breakGlass: f.breakGlass ?? false,
});
const viewOnly: ClientGrant = { view: true, edit: false, export: false, push: false };
const verdict = (a: Actor, action: Parameters<typeof can>[1], r: Resource): string => {
  const d = can(a, action, r);
  return d.allowed ? 'allow' : d.reason;
};

describe('can(actor, action, resource)', () => {
  it('owner reaches every client of the practice', () => {
    expect(verdict(actor('owner'), 'read', client())).toBe('allow');
    expect(verdict(actor('owner'), 'export', client())).toBe('allow');
  });

  it('clinician reaches a client only through the care team, a grant or break-glass', () => {
    expect(verdict(actor('clinician'), 'read', client())).toBe('not_found');
    expect(verdict(actor('clinician'), 'update', client({ careTeam: true }))).toBe('allow');
    expect(verdict(actor('clinician'), 'read', client({ grant: viewOnly }))).toBe('allow');
    expect(verdict(actor('clinician'), 'update', client({ grant: viewOnly }))).toBe('forbidden');
    expect(verdict(actor('clinician'), 'export', client({ grant: { ...viewOnly, export: true } }))).toBe('allow');
    expect(verdict(actor('clinician'), 'push', client({ grant: { ...viewOnly, push: true } }))).toBe('allow');
    expect(verdict(actor('clinician'), 'read', client({ breakGlass: true }))).toBe('allow');
    expect(verdict(actor('clinician'), 'export', client({ breakGlass: true }))).toBe('not_found');
  });

  it('staff see demographics, never clinical content', () => {
    expect(verdict(actor('staff'), 'read', client())).toBe('forbidden');
    expect(verdict(actor('staff'), 'read', { ...client(), type: 'client_demographics' } as Resource)).toBe('allow');
    expect(verdict(actor('staff'), 'read', { type: 'appointment', practiceId: P })).toBe('allow');
  });

  it('researcher, client role and operator admin reach no client', () => {
    expect(verdict(actor('researcher'), 'read', client({ careTeam: true }))).toBe('not_found');
    expect(verdict(actor('client'), 'read', client())).toBe('not_found');
    expect(verdict(actor(null, null, true), 'read', client())).toBe('not_found');
  });

  it('operator admin under break-glass reads that one client, nothing more', () => {
    const admin = actor(null, P, true);
    expect(verdict(admin, 'read', client({ breakGlass: true }))).toBe('allow');
    expect(verdict(admin, 'export', client({ breakGlass: true }))).toBe('not_found');
    expect(verdict(admin, 'read', { type: 'members', practiceId: P })).toBe('not_found');
  });

  it('a client outside the practice is not found, even for its owner or under break-glass', () => {
    expect(verdict(actor('owner'), 'read', client({ inPractice: false }))).toBe('not_found');
    expect(verdict(actor('clinician'), 'read', client({ inPractice: false, breakGlass: true }))).toBe('not_found');
    expect(verdict(actor('owner', OTHER), 'read', { type: 'members', practiceId: P })).toBe('not_found');
    expect(verdict(actor('owner'), 'manage', { type: 'client_access', practiceId: P, clientId: C, heldBy: 'another_practice' })).toBe('not_found');
  });

  it('only owners manage members, care teams, grants and read security events', () => {
    for (const role of ['clinician', 'staff', 'researcher', 'client'] as const) {
      expect(verdict(actor(role), 'manage', { type: 'members', practiceId: P })).not.toBe('allow');
      expect(verdict(actor(role), 'manage', { type: 'client_access', practiceId: P, clientId: C, heldBy: 'this_practice' })).not.toBe('allow');
      expect(verdict(actor(role), 'read', { type: 'security_events', practiceId: P })).not.toBe('allow');
    }
    expect(verdict(actor('owner'), 'manage', { type: 'client_access', practiceId: P, clientId: C, heldBy: 'none' })).toBe('allow');
  });

  it('installation actions are operator admins\' only', () => {
    expect(verdict(actor(null, null, true), 'manage', { type: 'installation' })).toBe('allow');
    expect(verdict(actor('owner'), 'manage', { type: 'installation' })).toBe('forbidden');
  });

  it('clients (the practice-wide list, create, import): workforce lists and creates, only owners import', () => {
    const clients: Resource = { type: 'clients', practiceId: P };
    for (const role of ['owner', 'clinician', 'staff'] as const) {
      expect(verdict(actor(role), 'read', clients)).toBe('allow');
      expect(verdict(actor(role), 'create', clients)).toBe('allow');
    }
    expect(verdict(actor('owner'), 'manage', clients)).toBe('allow');
    expect(verdict(actor('staff'), 'manage', clients)).toBe('forbidden');
    expect(verdict(actor('clinician'), 'manage', clients)).toBe('forbidden');
    expect(verdict(actor('researcher'), 'read', clients)).toBe('forbidden');
    expect(verdict(actor('client'), 'create', clients)).toBe('forbidden');
    expect(verdict(actor('owner', OTHER), 'read', clients)).toBe('not_found');
    expect(verdict(actor(null, null, true), 'read', clients)).toBe('not_found');
  });

  it('restrictions (164.522(a)): an excluded member is told the client does not exist, whatever their reach', () => {
    const excluded = { ...client({ careTeam: true, grant: viewOnly }), excluded: true } as Resource;
    for (const role of ['owner', 'clinician', 'staff'] as const) {
      expect(verdict(actor(role), 'read', excluded)).toBe('not_found');
      expect(verdict(actor(role), 'read', { ...excluded, type: 'client_demographics' } as Resource)).toBe('not_found');
    }
    // Emergency treatment (164.522(a)(1)(iii)): break-glass still opens the record.
    expect(verdict(actor('clinician'), 'read', { ...excluded, breakGlass: true } as Resource)).toBe('allow');
  });

  it('care team only: the care team and grant holders keep their reach; owner and staff lose theirs unless on the care team or under break-glass', () => {
    const restricted = (f: Parameters<typeof client>[0] = {}): Resource => ({ ...client(f), careTeamOnly: true }) as Resource;
    const demographics = (f: Parameters<typeof client>[0] = {}): Resource => ({ ...restricted(f), type: 'client_demographics' }) as Resource;
    expect(verdict(actor('owner'), 'read', restricted())).toBe('not_found');
    expect(verdict(actor('owner'), 'read', demographics())).toBe('not_found');
    expect(verdict(actor('staff'), 'read', demographics())).toBe('not_found');
    expect(verdict(actor('staff'), 'read', demographics({ careTeam: true }))).toBe('not_found');
    expect(verdict(actor('owner'), 'update', restricted({ careTeam: true }))).toBe('allow');
    expect(verdict(actor('owner'), 'read', restricted({ breakGlass: true }))).toBe('allow');
    expect(verdict(actor('clinician'), 'update', restricted({ careTeam: true }))).toBe('allow');
    expect(verdict(actor('clinician'), 'read', demographics({ grant: viewOnly }))).toBe('allow');
    expect(verdict(actor('clinician'), 'update', restricted({ grant: viewOnly }))).toBe('forbidden');
    expect(verdict(actor('clinician'), 'read', restricted())).toBe('not_found');
    // Managing who reaches the client stays with the owner: that is how a restriction is administered.
    expect(verdict(actor('owner'), 'manage', { type: 'client_access', practiceId: P, clientId: C, heldBy: 'this_practice' })).toBe('allow');
  });

  it('assessment entry: staff may key in a paper form but read nothing; clinicians as for the client', () => {
    const entry = (f: Parameters<typeof client>[0] = {}): Resource => ({ ...client(f), type: 'assessment_entry' }) as Resource;
    expect(verdict(actor('staff'), 'create', entry())).toBe('allow');
    expect(verdict(actor('staff'), 'read', entry())).toBe('forbidden');
    expect(verdict(actor('staff'), 'create', entry({ inPractice: false }))).toBe('not_found');
    expect(verdict(actor('clinician'), 'create', entry({ careTeam: true }))).toBe('allow');
    expect(verdict(actor('clinician'), 'create', entry())).toBe('not_found');
    expect(verdict(actor('clinician'), 'create', entry({ grant: viewOnly }))).toBe('forbidden');
    expect(verdict(actor('owner'), 'create', entry())).toBe('allow');
    expect(verdict(actor('researcher'), 'create', entry())).toBe('not_found');
    expect(verdict(actor(null, null, true), 'create', entry({ breakGlass: true }))).toBe('not_found');
  });

  it('crisis alert list: owners and clinicians read it (filtered to their care team), staff and researchers do not', () => {
    const list: Resource = { type: 'crisis_alerts', practiceId: P };
    expect(verdict(actor('owner'), 'read', list)).toBe('allow');
    expect(verdict(actor('clinician'), 'read', list)).toBe('allow');
    expect(verdict(actor('clinician'), 'update', list)).toBe('forbidden');
    expect(verdict(actor('staff'), 'read', list)).toBe('forbidden');
    expect(verdict(actor('researcher'), 'read', list)).toBe('forbidden');
    expect(verdict(actor('owner', OTHER), 'read', list)).toBe('not_found');
    expect(verdict(actor(null, null, true), 'read', list)).toBe('not_found');
  });
});
