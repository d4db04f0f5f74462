// Hand-written word lists. Kept as Sets so every lookup is O(1) in the token pass.

const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

/** Honorifics that make the next capitalised word a name; not themselves identifiers. */
export const TITLES = set(`dr dr. mr mr. mrs mrs. ms ms. miss mx mx. prof prof. doctor
  nurse sister brother father mother aunt uncle grandma grandpa auntie coach pastor rev rev. reverend
  judge officer detective sgt sgt. captain capt capt. lt lt. mister madam sir`);

/** Family titles are only honorifics when capitalised ("Aunt Rosa"), not in "my aunt said". */
export const WEAK_TITLES = set(`sister brother father mother aunt uncle grandma grandpa auntie
  coach pastor judge officer detective captain nurse doctor sir madam mister`);

/** Words that, before a capitalised token, point at a person ("named Grace", "told Will"). */
export const NAME_CUE_BEFORE = set(`named called name's nicknamed dear hi hey hello thanks
  thank bye told asked tell ask texted called emailed met with dating married divorced
  son daughter wife husband boyfriend girlfriend partner fiance fiancee friend cousin
  niece nephew stepson stepdaughter stepmom stepdad mom dad sibling roommate ex
  sister brother mother father aunt uncle grandma grandpa grandmother grandfather boss
  coworker colleague neighbor neighbour teacher therapist counselor sponsor`);

/** Words that, after a capitalised token, point at a person ("Hope said"). */
export const NAME_CUE_AFTER = set(`said says told asked texted called yelled thinks thought
  wants wanted feels felt cried laughed replied answered emailed mentioned explained`);

/** Speaker labels and role words that are never names even though they head a line. */
export const ROLE_WORDS = set(`therapist client patient counselor counsellor clinician doctor
  psychiatrist psychologist provider interviewer participant speaker mother father parent
  guardian nurse caseworker social worker user bot agent assistant ai system note subjective
  objective assessment plan summary session transcript date time email e-mail website web url
  fax phone tel mobile cell address dob name zip city state country company title gender sex age
  re subject from to cc referral referred presenting problem family history plan diagnosis
  medications allergies goals interventions response pcp son daughter wife husband mom dad
  cousin niece nephew friend partner boyfriend girlfriend stepson stepdaughter`);

/** Medication, clinical and instrument terms that collide with name or place lists. */
export const CLINICAL_TERMS = set(`abilify adderall ativan buspar buspirone celexa cymbalta
  depakote effexor lexapro lamictal lithium klonopin paxil prozac ritalin seroquel trazodone
  valium vyvanse wellbutrin xanax zoloft zyprexa risperdal haldol clozaril latuda rexulti
  strattera concerta focalin intuniv naltrexone suboxone subutex vivitrol antabuse campral
  ambien lunesta sonata remeron pristiq viibryd trintellix spravato hydroxyzine vistaril
  propranolol clonidine gabapentin neurontin topamax tegretol trileptal lorazepam clonazepam
  alprazolam diazepam sertraline fluoxetine escitalopram citalopram paroxetine venlafaxine
  duloxetine bupropion mirtazapine quetiapine aripiprazole olanzapine risperidone lamotrigine
  metformin lisinopril atorvastatin insulin ozempic narcan naloxone methadone
  humira botox enbrel keytruda eliquis xarelto jardiance wegovy mounjaro dupixent tylenol advil
  motrin aleve benadryl zyrtec claritin flonase narcan plavix coumadin lipitor crestor synthroid
  moca mmse audit cage asrs ybocs cssrs bdi bai hamd madrs ymrs panss dast ace aces cams
  phq gad pcl cbt dbt emdr act ipt mdd gad ptsd ocd adhd bpd sud aud dsm icd cpt hipaa
  medicaid medicare tricare aetna cigna humana anthem kaiser bluecross
  alzheimer alzheimers parkinson parkinsons huntington tourette asperger crohn hodgkin
  addison cushing graves hashimoto bell down raynaud lyme kaposi wernicke korsakoff
  god jesus christ lord allah buddha bible
  american african asian hispanic latino latina latinx caucasian european canadian mexican
  english spanish french german chinese japanese korean indian native jewish
  muslim christian catholic protestant arab italian irish russian filipino vietnamese
  medical clinical psychiatric covid`);

/** Words after a capitalised name that make it an eponym, not a person ("Wilson disease"). */
export const EPONYM_NEXT = set(`disease diseases syndrome syndromes sign signs reflex reflexes
  score scores criteria criterion test tests maneuver manoeuvre esophagus angina questionnaire
  scale scales classification classifications palsy phenomenon procedure operation
  formula equation rule rules method technique effect law tumor tumour lymphoma sarcoma
  disorder triad position staging stage risk study index model chart protocol approach
  heart association institute university college school foundation society clinic's index
  inventory questionnaire assessment`);

export const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3],
  ['april', 4], ['apr', 4], ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7],
  ['august', 8], ['aug', 8], ['september', 9], ['sep', 9], ['sept', 9], ['october', 10],
  ['oct', 10], ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
]);

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
  'August', 'September', 'October', 'November', 'December'] as const;

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const STATE_NAMES = set(`alabama alaska arizona arkansas california colorado connecticut
  delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine
  maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada
  ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington
  wisconsin wyoming`);

export const STATE_ABBR = set(`AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI
  MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR`);

/** Capitalised words that end a health-facility name ("Lakeside Clinic", "Mercy Hospital"). */
export const FACILITY_HEADS = set(`hospital hospitals clinic clinics infirmary hospice sanitarium
  center centre ctr cntr medical med health healthcare memorial regional general rehab rehabilitation
  behavioral psychiatric institute pavilion office va er care hosp healthcenter gen nursing
  oncology cancer`);

/** Countries and regions: not Safe Harbor identifiers, and never person names in context. */
export const COUNTRIES = set(`afghanistan albania algeria andorra angola argentina armenia australia
  austria azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia
  bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada chile china colombia
  congo croatia cuba cyprus czech czechia denmark djibouti dominica ecuador egypt england eritrea
  estonia eswatini ethiopia europe fiji finland france gabon gambia germany ghana greece grenada
  guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel
  italy jamaica japan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos latvia
  lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia
  maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro
  morocco mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman
  pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania russia
  rwanda samoa scotland senegal serbia seychelles singapore slovakia slovenia somalia spain sudan
  suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga trinidad tunisia
  turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu vatican venezuela vietnam
  wales yemen zambia zimbabwe zealand kingdom emirates arabia africa asia america`);

/** Words that make a capitalised run an organisation ("Hill Inc.", "Golden Helix Orchestra"). */
export const ORG_WORDS = set(`inc inc. ltd ltd. llc llp corp corp. corporation co company companies
  group holdings partners associates orchestra band bank banks foundation university college
  institute society association club league agency ministry department sons brothers`);

/** Words that open many town names ("Port Paien", "Cite Guedouala", "Den Haag", "Bad Ischl"). */
export const TOWN_PREFIX = set(`port fort cite cité ciudad villa vila porto puerto bad sankt den la le el
  los las san santa são novo nova nowy nowa stary stara`);

/**
 * Endings of drug, disease and procedure names: a capitalised word ending so is clinical
 * vocabulary ("in Fibromyalgia", "Dapagliflozin"), not a place or a person.
 */
export const CLINICAL_ENDING = /(?:flozin|gliptin|glutide|parin|xaban|itis|osis|emia|aemia|oma|pathy|ectomy|otomy|ostomy|plasty|scopy|ism|ase|ine|ide|ol|one|pam|lam|pine|zole|pril|sartan|statin|mab|nib|vir|cillin|mycin|azine|afil|tide|algia|plegia|trophy|ology|iasis|ex|ix|yl|ia)$/;
