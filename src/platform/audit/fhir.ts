import type { AuditEventRecord } from './query.js';

/**
 * FHIR R4 AuditEvent for one Confidant audit event. Codes: event type from DICOM (DCM), subtype from
 * the FHIR RESTful interactions or DICOM, action C/R/U/D/E, outcome 0/4/8 (12, major failure, is not
 * produced: an event that could not complete is recorded as 8), purpose of use from v3 ActReason.
 */
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const REST = 'http://hl7.org/fhir/restful-interaction';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';

export const FHIR_PURPOSE: Record<string, { code: string; display: string }> = {
  treatment: { code: 'TREAT', display: 'treatment' },
  payment: { code: 'HPAYMT', display: 'healthcare payment' },
  operations: { code: 'HOPERAT', display: 'healthcare operations' },
  client_request: { code: 'PATRQT', display: 'patient requested' },
  legal: { code: 'HLEGAL', display: 'legal' },
  emergency: { code: 'ETREAT', display: 'Emergency Treatment' },
};

export const FHIR_OUTCOME: Record<string, '0' | '4' | '8'> = { success: '0', denied: '4', error: '8' };

// R4 action codes: R is read/view/print (export, disclosure and push send data out: read), E is execute
// (log-on, query/search, any other function).
const ACTION_CODE: Record<string, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  create: 'C',
  read: 'R',
  print: 'R',
  export: 'R',
  disclose: 'R',
  push: 'R',
  update: 'U',
  delete: 'D',
};

type Coding = { system: string; code: string; display: string };

/** DICOM event type and subtype for a Confidant action. */
export function fhirEventType(action: string): { type: Coding; subtype: Coding[] } {
  const auth: Record<string, Coding> = {
    login: { system: DCM, code: '110122', display: 'Login' },
    logout: { system: DCM, code: '110123', display: 'Logout' },
    login_failed: { system: DCM, code: '110122', display: 'Login' },
    mfa: { system: DCM, code: '110122', display: 'Login' },
  };
  if (auth[action]) return { type: { system: DCM, code: '110114', display: 'User Authentication' }, subtype: [auth[action]] };
  if (action === 'export' || action === 'print' || action === 'push') return { type: { system: DCM, code: '110106', display: 'Export' }, subtype: [] };
  if (action === 'disclose') return { type: { system: DCM, code: '110106', display: 'Export' }, subtype: [] };
  if (action === 'break_glass') return { type: { system: DCM, code: '110113', display: 'Security Alert' }, subtype: [{ system: DCM, code: '110127', display: 'Emergency Override Started' }] };
  if (action === 'search') return { type: { system: DCM, code: '110112', display: 'Query' }, subtype: [{ system: REST, code: 'search-type', display: 'search-type' }] };
  const rest = ({ create: 'create', read: 'read', update: 'update', delete: 'delete' } as Record<string, string>)[action];
  return { type: { system: DCM, code: '110110', display: 'Patient Record' }, subtype: rest ? [{ system: REST, code: rest, display: rest }] : [] };
}

export function toFhirAuditEvent(e: AuditEventRecord): Record<string, unknown> {
  const { type, subtype } = fhirEventType(e.action);
  const purpose = e.purposeOfUse ? FHIR_PURPOSE[e.purposeOfUse] : undefined;
  const entity: Record<string, unknown>[] = [];
  entity.push({
    what: { identifier: { system: `urn:confidant:${e.resourceType}`, ...(e.resourceId ? { value: e.resourceId } : {}) } },
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
  });
  if (e.subjectClientId) {
    entity.push({
      what: { reference: `Patient/${e.subjectClientId}` },
      type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    });
  }
  const agent: Record<string, unknown> = {
    requestor: true,
    ...(e.actorRole ? { role: [{ text: e.actorRole }] } : {}),
    ...(e.actorUserId ? { who: { identifier: { system: 'urn:confidant:user', value: e.actorUserId } } } : { who: { display: 'system' } }),
    ...(e.sessionId ? { altId: e.sessionId } : {}),
    ...(e.sourceIp ? { network: { address: e.sourceIp, type: '2' } } : {}),
  };
  return {
    resourceType: 'AuditEvent',
    id: e.id,
    ...(e.requestId || e.seal
      ? {
          extension: [
            ...(e.requestId ? [{ url: 'urn:confidant:audit:request-id', valueString: e.requestId }] : []),
            ...(e.seal ? [{ url: 'urn:confidant:audit:seal-seq', valueString: String(e.seal.seq) }, { url: 'urn:confidant:audit:chain-hash', valueString: e.seal.chainHash }] : []),
          ],
        }
      : {}),
    type,
    ...(subtype.length ? { subtype } : {}),
    action: ACTION_CODE[e.action] ?? 'E',
    recorded: e.occurredAt,
    outcome: FHIR_OUTCOME[e.outcome],
    ...(purpose ? { purposeOfEvent: [{ coding: [{ system: ACT_REASON, ...purpose }] }] } : {}),
    agent: [agent],
    source: { site: e.practiceId, observer: { display: 'Confidant' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    entity,
  };
}
