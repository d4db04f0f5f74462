/**
 * Three-digit ZIP prefixes whose areas held 20,000 people or fewer in the 2000 Census, as listed
 * in HHS de-identification guidance. Under Safe Harbor these must become "000"; any other prefix
 * may be kept.
 */
export const RESTRICTED_ZIP3: ReadonlySet<string> = new Set([
  '036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893',
]);

/** The first three digits a de-identified record may keep for this ZIP code. */
export function safeZip3(zip: string): string {
  const prefix = zip.replace(/\D/g, '').slice(0, 3);
  if (prefix.length < 3) return '000';
  return RESTRICTED_ZIP3.has(prefix) ? '000' : prefix;
}
