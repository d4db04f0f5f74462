/**
 * `can(actor, action, resource)`: the one function that decides every access. It is pure: the facts
 * it needs about a client (care team, grant, break-glass) are loaded beforehand by
 * client-access.ts, so the rules below are the whole policy and are tested as a table.
 *
 * Roles and reach (docs/SECURITY.md "Identity and access"):
 * - operator admin: installation only (practices, invitations of owners, security events); never
 *   PHI except through an open break-glass on one client;
 * - owner: everything in their practice, every client;
 * - clinician: clients on their care team or granted (view/edit/export/push), or under break-glass;
 * - staff: client demographics and appointments, never clinical content;
 * - client: their own portal (decided by the portal module with `self`);
 * - researcher: de-identified data only, no PHI route.
 * Per-client restrictions (164.522(a), docs/CLIENTS.md) narrow this: an excluded member, and under
 * "care team only" everyone off the care team without a grant (owner and staff included), get 404.
 */
export const PRACTICE_ROLES = ['owner', 'clinician', 'staff', 'client', 'researcher'] as const;
export type PracticeRole = (typeof PRACTICE_ROLES)[number];
export const WORKFORCE_ROLES: readonly PracticeRole[] = ['owner', 'clinician', 'staff'];

export type Action = 'read' | 'create' | 'update' | 'delete' | 'export' | 'push' | 'manage';

export interface Actor {
  userId: string;
  sessionId: string;
  isOperatorAdmin: boolean;
  /** The session's active practice and the caller's role there; null before one is chosen. */
  practiceId: string | null;
  role: PracticeRole | null;
}

export interface ClientGrant {
  view: boolean;
  edit: boolean;
  export: boolean;
  push: boolean;
}

export type Resource =
  | { type: 'installation' }
  | { type: 'practice'; practiceId: string }
  | { type: 'members'; practiceId: string }
  | { type: 'security_events'; practiceId: string }
  /** The practice's audit trail: search, export, access reports, signed checkpoints. */
  | { type: 'audit_log'; practiceId: string }
  | { type: 'break_glass_report'; practiceId: string }
  /** Opening break-glass on a client of the practice (operator admins use the installation route). */
  | { type: 'break_glass'; practiceId: string; clientId: string; inPractice: boolean }
  /** Clinical content of one client. */
  | ({ type: 'client' } & ClientFactsOf)
  /** Contact data and demographics of one client. */
  | ({ type: 'client_demographics' } & ClientFactsOf)
  | { type: 'appointment'; practiceId: string }
  /** The practice's client list: search, create, import (each client shown is then checked on its own). */
  | { type: 'clients'; practiceId: string }
  /** Entering an instrument's answers for one client: clinical staff, or staff keying in a paper form (they never read results). */
  | ({ type: 'assessment_entry' } & ClientFactsOf)
  /** The practice-wide list of crisis alerts: owners see all, clinicians those of their care-team clients (filtered in the query). */
  | { type: 'crisis_alerts'; practiceId: string }
  /** Managing who reaches a client (care team, grants); an owner may register a client id no practice holds yet. */
  | { type: 'client_access'; practiceId: string; clientId: string; heldBy: 'this_practice' | 'another_practice' | 'none' };

/** What is known about the caller and one client of a practice (loaded by client-access.ts). */
export interface ClientFactsOf {
  practiceId: string;
  clientId: string;
  inPractice: boolean;
  careTeam: boolean;
  grant: ClientGrant | null;
  breakGlass: boolean;
  /** Restrictions agreed with the client (164.522(a)): this caller is excluded from the client. */
  excluded?: boolean;
  /** Restriction: only the care team and explicit grant holders reach the client, the owner included. */
  careTeamOnly?: boolean;
}

export type ResourceType = Resource['type'];

/**
 * `not_found` when the resource is outside the caller's practice (or the caller cannot know it
 * exists), so ids cannot be probed; `forbidden` when the caller sees the practice but not this act.
 */
export type Decision = { allowed: true } | { allowed: false; reason: 'not_found' | 'forbidden' };

const ALLOW: Decision = { allowed: true };
const NOT_FOUND: Decision = { allowed: false, reason: 'not_found' };
const FORBIDDEN: Decision = { allowed: false, reason: 'forbidden' };

function grantAllows(grant: ClientGrant | null, action: Action): boolean {
  if (!grant) return false;
  switch (action) {
    case 'read':
      return grant.view;
    case 'create':
    case 'update':
      return grant.edit;
    case 'export':
      return grant.export;
    case 'push':
      return grant.push;
    default:
      return false;
  }
}

/**
 * Under a care-team-only restriction the care team and grant holders keep their reach; everyone else,
 * the owner and staff included, is told the client does not exist (break-glass is checked before).
 */
function restrictedReach(role: PracticeRole, action: Action, resource: ClientFactsOf): Decision {
  if (role !== 'owner' && role !== 'clinician') return NOT_FOUND;
  if (resource.careTeam && (action !== 'manage' || role === 'owner')) return ALLOW;
  if (grantAllows(resource.grant, action)) return ALLOW;
  return resource.careTeam || resource.grant ? FORBIDDEN : NOT_FOUND;
}

export function can(actor: Actor, action: Action, resource: Resource): Decision {
  if (resource.type === 'installation') return actor.isOperatorAdmin ? ALLOW : FORBIDDEN;

  if (resource.type === 'client' || resource.type === 'client_demographics' || resource.type === 'assessment_entry') {
    // A client of another practice, or no client at all, is not found, whoever asks.
    if (!resource.inPractice) return NOT_FOUND;
    // Break-glass is the one way an operator admin reaches a client; it still goes no further.
    // It also opens a restricted client: 164.522(a)(1)(iii) allows emergency treatment use.
    if (resource.breakGlass && (action === 'read' || action === 'update')) return ALLOW;
    if (resource.excluded) return NOT_FOUND;
  }
  if (resource.type === 'client_access' && resource.heldBy === 'another_practice') return NOT_FOUND;
  if (resource.type === 'break_glass' && !resource.inPractice) return NOT_FOUND;
  if (actor.isOperatorAdmin && actor.practiceId === null) {
    return resource.type === 'security_events' || resource.type === 'break_glass_report' ? ALLOW : NOT_FOUND;
  }
  if (actor.practiceId === null || actor.role === null || actor.practiceId !== resource.practiceId) return NOT_FOUND;
  const role = actor.role;

  switch (resource.type) {
    case 'practice':
      if (action === 'read') return role === 'researcher' ? FORBIDDEN : ALLOW;
      return role === 'owner' ? ALLOW : FORBIDDEN;
    case 'members':
      if (role === 'owner') return ALLOW;
      return action === 'read' && (role === 'clinician' || role === 'staff') ? ALLOW : FORBIDDEN;
    case 'security_events':
    case 'break_glass_report':
    case 'client_access':
    case 'audit_log':
      return role === 'owner' ? ALLOW : FORBIDDEN;
    case 'break_glass':
      return role === 'owner' || role === 'clinician' ? ALLOW : FORBIDDEN;
    case 'appointment':
      return role === 'owner' || role === 'clinician' || role === 'staff' ? ALLOW : FORBIDDEN;
    case 'clients':
      if (action === 'read' || action === 'create') return role === 'owner' || role === 'clinician' || role === 'staff' ? ALLOW : FORBIDDEN;
      return role === 'owner' ? ALLOW : FORBIDDEN;
    case 'client_demographics':
      if (resource.careTeamOnly) return restrictedReach(role, action, resource);
      if (role === 'owner') return ALLOW;
      if (role === 'staff') return action === 'read' || action === 'update' || action === 'create' ? ALLOW : FORBIDDEN;
      if (role === 'clinician') return resource.careTeam || grantAllows(resource.grant, action) ? ALLOW : NOT_FOUND;
      return NOT_FOUND;
    case 'assessment_entry':
      if (role === 'staff') return action === 'create' ? ALLOW : FORBIDDEN;
      return can(actor, action, { ...resource, type: 'client' });
    case 'crisis_alerts':
      if (action !== 'read') return FORBIDDEN;
      return role === 'owner' || role === 'clinician' ? ALLOW : FORBIDDEN;
    case 'client':
      if (resource.careTeamOnly) return restrictedReach(role, action, resource);
      if (role === 'owner') return ALLOW;
      if (role === 'clinician') {
        if (resource.careTeam && action !== 'manage') return ALLOW;
        if (grantAllows(resource.grant, action)) return ALLOW;
        return resource.careTeam || resource.grant ? FORBIDDEN : NOT_FOUND;
      }
      if (role === 'staff') return FORBIDDEN;
      return NOT_FOUND;
  }
}
