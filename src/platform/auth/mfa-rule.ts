import type { MembershipRecord } from './users.js';
import { WORKFORCE_ROLES } from './permissions.js';

/**
 * MFA is required for operator admins and for anyone holding an active owner, clinician or staff
 * membership in any practice. No practice setting can lower this; it is optional for clients only.
 */
export function mfaRequired(user: { isOperatorAdmin: boolean }, memberships: MembershipRecord[]): boolean {
  return user.isOperatorAdmin || memberships.some((m) => m.status === 'active' && WORKFORCE_ROLES.includes(m.role));
}
