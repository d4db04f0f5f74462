// Street suffixes shared by the US street patterns (geo.ts) and the address-block rules
// (address-block.ts).

/** The common suffixes, abbreviations included, accepted after any numbered street name. */
export const SUFFIX = String.raw`(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Plaza|Pike|Alley|Crescent|Cres|Row|Close|Path|Run|Heights|Hts|Point|Pt|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke)`;

// The rest of the USPS street suffixes (Publication 28, appendix C1). Many are also ordinary
// words ("Point", "Union", "Station"), so they need a number and at least one name before them.
export const USPS_SUFFIX = String.raw`(?:Alley|Annex|Arcade|Bayou|Beach|Bend|Bluffs?|Bottom|Branch|Bridge|Brooks?|Burg|Bypass|Camp|Canyon|Cape|Causeway|Centers?|Circles|Cliffs?|Commons?|Corners?|Course|Courts|Coves?|Creek|Crest|Crossing|Crossroads?|Curve|Dale|Dam|Divide|Estates?|Extensions?|Falls|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|Gardens?|Gateway|Glens?|Greens?|Groves?|Harbors?|Haven|Hills?|Hollow|Inlet|Islands?|Isle|Junctions?|Keys?|Knolls?|Lakes?|Landing|Lights?|Locks?|Lodge|Mall|Manors?|Meadows?|Mews|Mills?|Mission|Motorway|Mountains?|Neck|Orchard|Oval|Overpass|Parks?|Parkways|Pass|Passage|Pines?|Plains?|Points|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges?|River|Roads|Route|Shoals?|Shores?|Skyway|Springs?|Spurs?|Squares|Station|Stravenue|Stream|Streets|Summit|Throughway|Trace|Track|Trafficway|Tunnel|Underpass|Unions?|Valleys?|Viaduct|Views?|Villages?|Ville|Vista|Walks?|Wall|Ways|Wells?)`;

// A second street line or locality with a street suffix right after the first ("... 31 Zezig Streets").
export const LOCALITY_AFTER = new RegExp(String.raw`^,?[ \t]+(?:[A-Z][\p{L}'’-]+[ \t]+){1,2}(?:${SUFFIX}|${USPS_SUFFIX})\b\.?`, 'u');
