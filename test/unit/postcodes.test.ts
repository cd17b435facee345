import { BRUSSELS_MUNICIPALITIES, isBrusselsPostcode, municipalitiesForPostcode } from '../../domain/case/postcodes';

// Written out by hand from bpost's list rather than derived from the table under test, so that a
// code dropped from or added to the table is caught.
const EXPECTED_BY_POSTCODE: ReadonlyArray<[string, string[]]> = [
  ['1000', ['Bruxelles']],
  ['1020', ['Bruxelles']],
  ['1030', ['Schaerbeek']],
  ['1040', ['Etterbeek', 'Bruxelles']],
  ['1050', ['Ixelles', 'Bruxelles']],
  ['1060', ['Saint-Gilles']],
  ['1070', ['Anderlecht']],
  ['1080', ['Molenbeek-Saint-Jean']],
  ['1081', ['Koekelberg']],
  ['1082', ['Berchem-Sainte-Agathe']],
  ['1083', ['Ganshoren']],
  ['1090', ['Jette']],
  ['1120', ['Bruxelles']],
  ['1130', ['Bruxelles']],
  ['1140', ['Evere']],
  ['1150', ['Woluwe-Saint-Pierre']],
  ['1160', ['Auderghem']],
  ['1170', ['Watermael-Boitsfort']],
  ['1180', ['Uccle']],
  ['1190', ['Forest']],
  ['1200', ['Woluwe-Saint-Lambert']],
  ['1210', ['Saint-Josse-ten-Noode']],
];

describe('BRUSSELS_MUNICIPALITIES', () => {
  it('has the 19 municipalities of the Region, each once', () => {
    expect(BRUSSELS_MUNICIPALITIES).toHaveLength(19);
    expect(new Set(BRUSSELS_MUNICIPALITIES.map((m) => m.id)).size).toBe(19);
    expect(new Set(BRUSSELS_MUNICIPALITIES.map((m) => m.nl)).size).toBe(19);
    expect(new Set(BRUSSELS_MUNICIPALITIES.map((m) => m.fr)).size).toBe(19);
  });

  it('covers exactly the residential Brussels postcodes', () => {
    const inTable = new Set(BRUSSELS_MUNICIPALITIES.flatMap((m) => m.postcodes));
    expect([...inTable].sort()).toEqual(EXPECTED_BY_POSTCODE.map(([code]) => code));
  });

  it.each([
    ['bruxelles', 'Brussel', 'Bruxelles'],
    ['ixelles', 'Elsene', 'Ixelles'],
    ['forest', 'Vorst', 'Forest'],
    ['auderghem', 'Oudergem', 'Auderghem'],
    ['berchem-sainte-agathe', 'Sint-Agatha-Berchem', 'Berchem-Sainte-Agathe'],
    ['molenbeek-saint-jean', 'Sint-Jans-Molenbeek', 'Molenbeek-Saint-Jean'],
    ['saint-gilles', 'Sint-Gillis', 'Saint-Gilles'],
    ['saint-josse-ten-noode', 'Sint-Joost-ten-Node', 'Saint-Josse-ten-Noode'],
    ['schaerbeek', 'Schaarbeek', 'Schaerbeek'],
    ['uccle', 'Ukkel', 'Uccle'],
    ['watermael-boitsfort', 'Watermaal-Bosvoorde', 'Watermael-Boitsfort'],
    ['woluwe-saint-lambert', 'Sint-Lambrechts-Woluwe', 'Woluwe-Saint-Lambert'],
    ['woluwe-saint-pierre', 'Sint-Pieters-Woluwe', 'Woluwe-Saint-Pierre'],
  ])('names %s in Dutch (%s) and French (%s)', (id, nl, fr) => {
    expect(BRUSSELS_MUNICIPALITIES.find((m) => m.id === id)).toMatchObject({ nl, fr });
  });
});

describe('isBrusselsPostcode', () => {
  it.each(EXPECTED_BY_POSTCODE.map(([code]) => code))('accepts %s', (code) => {
    expect(isBrusselsPostcode(code)).toBe(true);
  });

  it.each([
    ['1300', 'Wavre'],
    ['1500', 'Halle'],
    ['1800', 'Vilvoorde'],
    ['1930', 'Zaventem'],
    ['1731', 'Zellik'],
    ['1640', 'Sint-Genesius-Rode'],
    ['1780', 'Wemmel'],
    ['2000', 'Antwerpen'],
    ['4000', 'Liège'],
    ['9000', 'Gent'],
  ])('refuses %s (%s), outside the Region', (code) => {
    expect(isBrusselsPostcode(code)).toBe(false);
  });

  it.each([
    ['1005', 'United Assembly of the COCOM'],
    ['1008', 'Chamber of Representatives'],
    ['1047', 'European Parliament'],
    ['1049', 'European Commission'],
    ['1099', 'Brussel X sorting centre'],
    ['1110', 'NATO'],
  ])('refuses %s (%s): nobody lives at an organisation code', (code) => {
    expect(isBrusselsPostcode(code)).toBe(false);
  });

  it.each(['', '   ', '10', '10000', '1O50', 'B-1050'])('refuses the malformed code %j', (code) => {
    expect(isBrusselsPostcode(code)).toBe(false);
  });

  it('ignores surrounding spaces', () => {
    expect(isBrusselsPostcode(' 1060 ')).toBe(true);
  });
});

describe('municipalitiesForPostcode', () => {
  it.each(EXPECTED_BY_POSTCODE)('maps %s to %j', (code, names) => {
    expect(municipalitiesForPostcode(code).map((m) => m.fr)).toEqual(names);
  });

  it('gives the id and both names, without the postcodes', () => {
    expect(municipalitiesForPostcode('1050')).toEqual([
      { id: 'ixelles', nl: 'Elsene', fr: 'Ixelles' },
      { id: 'bruxelles', nl: 'Brussel', fr: 'Bruxelles' },
    ]);
  });

  it.each([
    ['1020', 'Laken'],
    ['1120', 'Neder-Over-Heembeek'],
    ['1130', 'Haren'],
  ])('puts %s (%s) in the City of Brussels', (code) => {
    expect(municipalitiesForPostcode(code)).toEqual([{ id: 'bruxelles', nl: 'Brussel', fr: 'Bruxelles' }]);
  });

  it.each(['1300', '1049', ''])('gives no municipality for %j', (code) => {
    expect(municipalitiesForPostcode(code)).toEqual([]);
  });

  it('hands out copies, so a caller cannot change the table', () => {
    const first = municipalitiesForPostcode('1210');
    (first[0] as { fr: string }).fr = 'changed';
    first.pop();
    expect(municipalitiesForPostcode('1210')).toEqual([
      { id: 'saint-josse-ten-noode', nl: 'Sint-Joost-ten-Node', fr: 'Saint-Josse-ten-Noode' },
    ]);
  });
});
