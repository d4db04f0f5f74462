import { describe, expect, it } from 'vitest';
import { detect } from '../index.js';
import type { PhiType } from '../index.js';

// Non-US identifiers and names introduced by context. All values are made up.
// [text, type, a part that must be covered by a span of that type]
const CASES: Array<[string, PhiType, string]> = [
  // Street name then house number, foreign street-type words, address blocks
  ['Her new address is 12 Testerweg 45, Apt. 3\nMusterdorf\nGermany 12345', 'ADDRESS', 'Testerweg 45'],
  ['Her new address is 12 Testerweg 45, Apt. 3\nMusterdorf\nGermany 12345', 'LOCATION', 'Musterdorf'],
  ['Her new address is 12 Testerweg 45, Apt. 3\nMusterdorf\nGermany 12345', 'ZIP', '12345'],
  ['Send the forms to Via Esempio 21, Testopoli.', 'ADDRESS', 'Via Esempio 21'],
  ['Send the forms to Via Esempio 21, Testopoli.', 'LOCATION', 'Testopoli'],
  ['The office is on Quuxová utca 7. since May.', 'ADDRESS', 'Quuxová utca 7.'],
  ['He lives at 4410 Blorpkatu 9  Suite 12  VAASTOLA  Finland 65100', 'LOCATION', 'VAASTOLA'],
  ['He lives at 4410 Blorpkatu 9  Suite 12  VAASTOLA  Finland 65100', 'ZIP', '65100'],
  ['We met at the corner of Alpha Street and Beta Road.', 'ADDRESS', 'Beta Road'],
  ['Mail goes to 77 Testing Rapids, Suite 4 now.', 'ADDRESS', '77 Testing Rapids'],
  ['Mail to USS Testvessel\nFPO AE 09123 for now', 'ADDRESS', 'USS Testvessel'],
  ['Send to Postbox 53 in town', 'ADDRESS', 'Postbox 53'],
  ['he wrote 3911 fourth avenue suite 112 on the form', 'ADDRESS', '3911 fourth avenue suite 112'],
  ['Billing: Brucker Bundesstrasse 31, Testdorf', 'ADDRESS', 'Brucker Bundesstrasse 31'],
  ['The family spent a decade in Zorbavale before the move.', 'LOCATION', 'Zorbavale'],
  // Foreign postal codes after a cue
  ['ZIP: 394 13', 'ZIP', '394 13'],
  ['postcode 7412 SL for the clinic letter', 'ZIP', '7412 SL'],
  // Towns: the world list after a cue, unknown names after a strong cue
  ['She grew up in Zzyzxville and moved back last year.', 'LOCATION', 'Zzyzxville'],
  ['He flew to Tromsø on Tuesday for the funeral.', 'LOCATION', 'Tromsø'],
  ['They moved to Bjert 6091 after the wedding.', 'ZIP', '6091'],
  // Names introduced by a phrase, speaker labels inside a line, lists, foreign shapes
  ['My name is Testina Quuxová and I need to reschedule.', 'NAME', 'Testina Quuxová'],
  ['Name: zorbo testperson  Phone: 555-0100', 'NAME', 'zorbo testperson'],
  ["What's your last name? Blorpington", 'NAME', 'Blorpington'],
  ['"It got easier," says Quuxley.', 'NAME', 'Quuxley'],
  ['Follow up with Jan Testák in a couple of months.', 'NAME', 'Jan Testák'],
  ['Zorbina: "Who are you?" Maria: "Your sister."', 'NAME', 'Zorbina'],
  ['The kids are Keisha, Zorbina and Quuxley.', 'NAME', 'Zorbina'],
  ['Testovská began writing as a teenager.', 'NAME', 'Testovská'],
  ['Zorblat shouted at the nurse during intake.', 'NAME', 'Zorblat'],
  ['He reported that Halldóra Testsdóttir visited.', 'NAME', 'Halldóra Testsdóttir'],
  // Names built around a middle initial or a family-name particle, lists of people
  ['Zorbana K. Quuxlund will be talking at the conference.', 'NAME', 'Zorbana K. Quuxlund'],
  ['The form is signed Testor B Blorpsen for the family.', 'NAME', 'Testor B Blorpsen'],
  ["What's your name? Zorbina S Bouts", 'NAME', 'Zorbina S Bouts'],
  ['we went with kristina p quuxlund to the shelter', 'NAME', 'kristina p quuxlund'],
  ['we drove benjamin a seiler back home', 'NAME', 'benjamin a seiler'],
  ['Zorbanne van de Testkamp will be talking at noon.', 'NAME', 'Zorbanne van de Testkamp'],
  ['Letters from Quuxlinde ten Blorp arrived.', 'NAME', 'Quuxlinde ten Blorp'],
  ['they had 4: zorbina, adam, christopher and kristina.', 'NAME', 'zorbina'],
  ['Zorbanski and Brown were engineers.', 'NAME', 'Brown'],
  // Names where only a person stands: addressed before a request, chat speakers, line openings
  ['Zorbane, can I please speak to your manager?', 'NAME', 'Zorbane'],
  ['mika: "who are you?" tracy:"the new tenant".', 'NAME', 'tracy'],
  ['eva kleist lives at the end of the road', 'NAME', 'eva kleist'],
  ['Zorbul Quuxonka listed his top 20 songs.', 'NAME', 'Zorbul Quuxonka'],
  ['Zorbatu Quuxelo  45818 P.O. Box 242', 'NAME', 'Zorbatu Quuxelo'],
  // Towns after a unit, after an empty slot, after a town-name prefix or a university
  ['Mail to 23100 Testova 23 Suite 274 Ljubljana nan last night.', 'LOCATION', 'Ljubljana'],
  ['Mail to 416 Testkatu 98 Apt. 934 ZORBALA NO. I now live here.', 'LOCATION', 'ZORBALA'],
  ['Mail to 257 81 Test St Suite 451 QUUX HENRY nan, and more', 'LOCATION', 'QUUX HENRY'],
  ['Address: 376 Testó út 13. Suite 104 Veszprém VE.', 'LOCATION', 'Veszprém'],
  ['He lives at 4410 Blorpkatu 9  Suite 12  Testdorf  nan  6512', 'ZIP', '6512'],
  ['The letter went to 760 Testerstrasse 33, Cite Zorbaoua, Tunisia.', 'LOCATION', 'Cite Zorbaoua'],
  ['We moved here from Port Zorbaven last spring.', 'LOCATION', 'Port Zorbaven'],
  ['She studied at the University of ZORBAVIK.', 'LOCATION', 'ZORBAVIK'],
  ['The courier arrived at Quuxleigh this morning.', 'LOCATION', 'Quuxleigh'],
  ['my friend lives in harburg now', 'LOCATION', 'harburg'],
  ['songwriters came from around the world to Zorbabury to share', 'LOCATION', 'Zorbabury'],
  ['The bus station is on Zorbel Quuxhove 188', 'ADDRESS', 'Zorbel Quuxhove 188'],
  ['Trivo lives on Testgstötten 50 street.', 'ADDRESS', 'Testgstötten 50'],
  ['It is the corner of Alpha Street and Beta Road.', 'ADDRESS', 'the corner of Alpha Street and Beta Road'],
  // Phone with a label after it
  ['reach her on 416 60 039 office hours only', 'PHONE', '416 60 039'],
  ['no message came to my registered 024 555 01 00 this week', 'PHONE', '024 555 01 00'],
];

describe('finds international addresses, towns, postal codes and names given by context', () => {
  it.each(CASES)('%s -> %s %s', (text, type, part) => {
    const at = text.indexOf(part);
    const spans = detect(text);
    const covering = spans.filter((s) => s.start <= at && s.end >= at + part.length && s.type === type);
    expect(covering, JSON.stringify(spans)).not.toHaveLength(0);
  });

  it('takes no clinical acronym after a unit for a town', () => {
    for (const tail of ['PHQ-9 was 14', 'MDD recurrent', 'CBT works']) {
      const spans = detect(`Office at 12 Test Street Suite 200 ${tail}.`);
      expect(spans.map((s) => s.type)).toEqual(['ADDRESS']);
    }
  });

  it('leaves the country and the state slot of an address block in clear', () => {
    const text = 'Her new address is 12 Testerweg 45, Apt. 3\nMusterdorf\nGermany 12345';
    const at = text.indexOf('Germany');
    expect(detect(text).some((s) => s.start < at + 7 && s.end > at)).toBe(false);
  });
});

// Clinical text shaped like the patterns above: nothing may be reported.
const CLEAN = [
  'Session 12 went well; Week 3 of the program starts soon.',
  'During 1971 her family moved; Spring 2020 was hard.',
  'He switched to Lexapro and went back to Zoloft later.',
  'Goal: walk 20 minutes. Note: sleep improved. Plan: return in 2 weeks.',
  'Step 4 of the workbook; Module 2 covers avoidance; Chapter 7 next.',
  'Thanks, see you next time. Reading: "Feeling Good" chapter 3.',
  'The PHQ-9 was 12 and the GAD-7 was 9 at intake; BP 120/80.',
  'Says she feels better. Said the group helped. Named the fear.',
  'He walked 3 miles down the road and back; in Fibromyalgia group was not discussed.',
  'She is on Vraylar now; he was in Treatment for a month; we met in Group.',
  'Type A Personality traits; Vitamin D Deficiency; Hepatitis B Vaccine given.',
  'we gave him a book and a plan b if it fails; hep c screen negative.',
  'Ratings by Standard And Poors and Standard & Poors were discussed.',
  'She named Graves and Addison as the conditions to rule out.',
  'We reviewed eggs, milk, bread and rice on the shopping list.',
  'Sorry, can I ask something? Doctor, can you help? Okay, please go on.',
  'Xanax Taper  week 2 of 6; Sertraline Titration  next step.',
  'plan: "return in two weeks" goal: "walk daily".',
  'Meet me at Room 4 today; he is at Week 3 now; she lives on Zoloft 50 mg.',
  'Meet me at Starbucks 5 pm; I talked to Washington about it.',
];

describe('does not flag the look-alikes of the international patterns', () => {
  it.each(CLEAN)('%s', (text) => {
    expect(detect(text)).toEqual([]);
  });
});
