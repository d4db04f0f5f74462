/**
 * What a clinician records when acting on a crisis alert: codes, never free text, so the alert
 * table and the audit trail hold no narrative. The clinical account belongs in a progress note.
 */
export const ACKNOWLEDGE_CODES = ['reviewed', 'client_contacted', 'contact_attempted', 'discussed_in_session', 'safety_plan_reviewed'] as const;
export const RESOLVE_CODES = [
  'risk_assessed_no_current_risk',
  'safety_plan_in_place',
  'referred_to_emergency_services',
  'referred_to_higher_level_of_care',
  'entered_in_error',
] as const;
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

export type AcknowledgeCode = (typeof ACKNOWLEDGE_CODES)[number];
export type ResolveCode = (typeof RESOLVE_CODES)[number];
export type AlertStatus = (typeof ALERT_STATUSES)[number];
