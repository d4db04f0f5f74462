import { describe, expect, it } from 'vitest';
import { detect } from '../index.js';
import type { PhiType } from '../index.js';

// [text, type, the identifier that must be covered by a span of that type]
const CASES: Array<[string, PhiType, string]> = [
  // NAME: full, title, initials, lowercase speech, possessive, speaker label, names that are words
  ['Client Maria Lopez arrived late.', 'NAME', 'Maria Lopez'],
  ['Seen by Dr. Okonkwo for intake.', 'NAME', 'Okonkwo'],
  ['Referred by Dr. John L. last month.', 'NAME', 'John L.'],
  ['Records list Smith J. as the contact.', 'NAME', 'Smith J.'],
  ['i told jessica about the panic attacks', 'NAME', 'jessica'],
  ["We talked about Jamal's new job.", 'NAME', 'Jamal'],
  ['KEISHA: I did the homework this time.', 'NAME', 'KEISHA'],
  ['My sister Grace came over on Sunday.', 'NAME', 'Grace'],
  ['Hope said she would call back.', 'NAME', 'Hope'],
  ['Welcome back, Kwame. How was the week?', 'NAME', 'Kwame'],
  ['See you Thursday, Zyrrah', 'NAME', 'Zyrrah'],
  ['kept thinking about what tyler said at dinner', 'NAME', 'tyler'],
  ['can we do 4:30 instead? thx - jordan\n', 'NAME', 'jordan'],
  ['i have my appt w/ dr k next week', 'NAME', 'k'],
  ['She met Oluwaseun Adeyemi at the support group.', 'NAME', 'Oluwaseun Adeyemi'],
  ['Mrs. Delacroix called about the bill.', 'NAME', 'Delacroix'],
  ['Client: Theodore "Teddy" Vance-Whitaker arrived.', 'NAME', 'Theodore "Teddy" Vance-Whitaker'],
  ['An 82-year-old male, Arthur King, was seen.', 'NAME', 'Arthur King'],
  ['Medications for Jane Doe were reconciled.', 'NAME', 'Jane Doe'],
  ['A patient similar to Alice Brown was seen.', 'NAME', 'Alice Brown'],
  ['Later, Maria said her week was hard.', 'NAME', 'Maria'],
  // ADDRESS
  ['Lives at 1668 Glyn St, Apt 4B with roommates.', 'ADDRESS', '1668 Glyn St, Apt 4B'],
  ['Mail to 42 W. 5th Avenue before Friday.', 'ADDRESS', '42 W. 5th Avenue'],
  ['Send forms to P.O. Box 7731 please.', 'ADDRESS', 'P.O. Box 7731'],
  ['She grew up on Willow Street near the mill.', 'ADDRESS', 'Willow Street'],
  // LOCATION: city with cue, city + state, county, facility
  ['He moved to Kalamazoo after the divorce.', 'LOCATION', 'Kalamazoo'],
  ["my sister's wedding is in boise so i'll miss that week", 'LOCATION', 'boise'],
  ['Her sister lives in Ann Arbor and calls weekly.', 'LOCATION', 'Ann Arbor'],
  ['Her mother lives in Springfield, IL now.', 'LOCATION', 'Springfield'],
  ['Court hearing is in Marion County next week.', 'LOCATION', 'Marion County'],
  ['Discharged from Lakeview Behavioral Hospital yesterday.', 'LOCATION', 'Lakeview Behavioral Hospital'],
  ["Admitted to St. Brigid's Hospital overnight.", 'LOCATION', "St. Brigid's Hospital"],
  ['Seen by Dr. Patel in New York City on intake.', 'LOCATION', 'New York City'],
  ['Transferred to River City Clinic for detox.', 'LOCATION', 'River City Clinic'],
  ['Found at 112 Elm Street, New York, NY by EMS.', 'LOCATION', 'New York, NY'],
  // ZIP
  ['Address: 12 Elm Rd, Dayton, OH 45402.', 'ZIP', '45402'],
  ['zip code 30301 on the form', 'ZIP', '30301'],
  ['Postal 98101-2345 was wrong.', 'ZIP', '98101-2345'],
  // DATE: numeric, ISO, written, partial, day-first, month-year, holiday, weekday
  ['Intake on 04/22/2023 went well.', 'DATE', '04/22/2023'],
  ['Intake on 4-22-23 went well.', 'DATE', '4-22-23'],
  ['Logged 2023-04-22 09:15 by staff.', 'DATE', '2023-04-22 09:15'],
  ['Next session March 3rd at noon.', 'DATE', 'March 3rd'],
  ['Born Nov 6, 1961 in a small town.', 'DATE', 'Nov 6, 1961'],
  ['Seen on the 4th of July 2022 in crisis.', 'DATE', '4th of July 2022'],
  ['Sober since September 2021.', 'DATE', 'September 2021'],
  ['Her father died last Christmas.', 'DATE', 'Christmas'],
  ['what he said at thanksgiving still hurts', 'DATE', 'thanksgiving'],
  ['coffee with her saturday morning', 'DATE', 'saturday'],
  ['Relapse happened in May.', 'DATE', 'May'],
  ['DOB 3/14 per the chart.', 'DATE', '3/14'],
  ['Next appt 11/14 at 3 pm.', 'DATE', '11/14'],
  ['My mom flew in on the 2nd to help.', 'DATE', '2nd'],
  // AGE over 89
  ['Grandmother is 94 years old and frail.', 'AGE', '94'],
  ['A 91-year-old widower referred by family.', 'AGE', '91'],
  ['Patient aged 102 lives alone.', 'AGE', '102'],
  ["She's 91 now, so the move was a lot.", 'AGE', '91'],
  // PHONE / FAX
  ['Call me at (617) 555-0134 after six.', 'PHONE', '(617) 555-0134'],
  ['Cell 503.555.0172 is best.', 'PHONE', '503.555.0172'],
  ['Reach her on +1 212 555 0199 tomorrow.', 'PHONE', '+1 212 555 0199'],
  ['Fax: 617-555-0199 for records.', 'FAX', '617-555-0199'],
  // EMAIL / URL / IP
  ['Email j.doe99@example.com with the form.', 'EMAIL', 'j.doe99@example.com'],
  ['Her blog is https://www.example.org/my-story now.', 'URL', 'https://www.example.org/my-story'],
  ['Login from 192.168.1.23 flagged.', 'IP', '192.168.1.23'],
  ['IPv6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 seen.', 'IP', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
  // SSN / MRN / health plan / account / licence / vehicle / device / biometric / other IDs
  ['SSN 123-45-6789 on the intake form.', 'SSN', '123-45-6789'],
  ['social security number 123456789 was given', 'SSN', '123456789'],
  ['MRN: JM-1234567 per the hospital.', 'MRN', 'JM-1234567'],
  ['Medical record number 00482913 attached.', 'MRN', '00482913'],
  ['Insurance member ID XEH123456789 verified.', 'HEALTH_PLAN', 'XEH123456789'],
  ['Medicaid ID 99887-65432 is active.', 'HEALTH_PLAN', '99887-65432'],
  ['Account number 9876543210 has a balance.', 'ACCOUNT', '9876543210'],
  ['Card 4111 1111 1111 1111 was charged.', 'ACCOUNT', '4111 1111 1111 1111'],
  ['IBAN GB29NWBK60161331926819 for refunds.', 'ACCOUNT', 'GB29NWBK60161331926819'],
  ['Therapist license number LPC-004512 renewed.', 'LICENSE', 'LPC-004512'],
  ['Clinician: Priya Ramaswamy, LCSW #CSW.0042871', 'LICENSE', 'CSW.0042871'],
  ["Driver's license D1234567 was suspended.", 'LICENSE', 'D1234567'],
  ['VIN 1HGCM82633A004352 on the accident report.', 'VEHICLE', '1HGCM82633A004352'],
  ['License plate 7ABC123 was photographed.', 'VEHICLE', '7ABC123'],
  ['Pump serial number SN-88213-X replaced.', 'DEVICE', 'SN-88213-X'],
  ['Device MAC 00:1A:2B:3C:4D:5E paired.', 'DEVICE', '00:1A:2B:3C:4D:5E'],
  ['Fingerprint ID FP-2231-88 on file.', 'BIOMETRIC', 'FP-2231-88'],
  ['Claim number CLM-7781234 denied.', 'ID', 'CLM-7781234'],
  ['Reference code RB-123456 in the letter.', 'ID', 'RB-123456'],
];

describe('detects every Safe Harbor category in several formats', () => {
  it.each(CASES)('%s -> %s', (text, type, value) => {
    const at = text.indexOf(value);
    expect(at).toBeGreaterThanOrEqual(0);
    const spans = detect(text);
    const covering = spans.find((s) => s.start <= at && s.end >= at + value.length);
    expect(covering, JSON.stringify(spans)).toBeDefined();
    expect(covering?.type).toBe(type);
  });

  it('finds every mention of a name once one mention is certain', () => {
    const text = 'I should call maria, but maria never answers. Maria Lopez is my sister; lopez is her married name.';
    const names = detect(text).filter((s) => s.type === 'NAME').map((s) => s.text);
    expect(names).toEqual(['maria', 'maria', 'Maria Lopez', 'lopez']);
  });

  it('reports offsets into the input and the matching text', () => {
    const text = 'Seen 04/22/2023 by Dr. Okonkwo; call (617) 555-0134.';
    for (const s of detect(text)) {
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
  });
});
