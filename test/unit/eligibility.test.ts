import { evaluateEligibility, findMissingFields, type RequiredField } from '../../domain/case/eligibility';
import { BRUSSELS_MUNICIPALITIES } from '../../domain/case/postcodes';
import type { PersonInfo, RequestData } from '../../domain/case/request';

// 12:00 in Brussels (summer time, UTC+2) and already 22:00 in Auckland, where the tests run.
const NOW = new Date('2026-06-15T10:00:00Z');

function completeRequest(person: Partial<PersonInfo> = {}): RequestData {
  return {
    requester: { role: 'professional', organisation: 'Maison médicale', contact: 'social.worker@example.org' },
    person: {
      firstName: 'Sam',
      lastName: 'Peeters',
      birthDate: '1980-05-12',
      languages: ['nl', 'fr'],
      interpreterNeeded: 'no',
      residenceKind: 'address',
      postcode: '1030',
      livingSituation: 'home',
      insurance: 'in_order',
      otherTrajectory: 'no',
      ...person,
    },
    situation: {
      domains: ['somatic', 'social'],
      sectors: ['chronic_illness'],
      description: 'Several helpers, nobody coordinates, the situation is stuck.',
      urgency: 'normal',
    },
    network: { members: [{ role: 'GP', name: 'Dr Janssens' }], consent: 'yes' },
  };
}

/** The request with one `section.key` field set to `value`, or removed when `value` is omitted. */
function withField(request: RequestData, path: string, ...value: [unknown?]): RequestData {
  const copy = structuredClone(request) as Record<string, Record<string, unknown>>;
  const [section, key] = path.split('.') as [string, string];
  const target = (copy[section] ??= {});
  if (value.length === 0) delete target[key];
  else target[key] = value[0];
  return copy as RequestData;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// Spelled out here, not imported, so that a field silently dropped from REQUIRED_FIELDS is caught.
const REQUIRED: RequiredField[] = [
  'requester.role',
  'requester.contact',
  'person.firstName',
  'person.lastName',
  'person.birthDate',
  'person.languages',
  'person.interpreterNeeded',
  'person.residenceKind',
  'person.postcode',
  'person.livingSituation',
  'person.otherTrajectory',
  'situation.domains',
  'situation.sectors',
  'situation.description',
  'situation.urgency',
  'network.consent',
];

describe('evaluateEligibility: lives in the Brussels-Capital Region', () => {
  const brusselsPostcodes = BRUSSELS_MUNICIPALITIES.flatMap((m) => m.postcodes.map((code) => [m.fr, code] as const));

  it('has a postcode for each of the 19 municipalities to try', () => {
    expect(new Set(brusselsPostcodes.map(([name]) => name)).size).toBe(19);
  });

  it.each(brusselsPostcodes)('accepts a person living in %s (%s)', (_name, postcode) => {
    expect(evaluateEligibility(completeRequest({ postcode }), NOW)).toEqual({ outcome: 'eligible' });
  });

  it.each([
    ['1300', 'Wavre'],
    ['1500', 'Halle'],
    ['1800', 'Vilvoorde'],
    ['1930', 'Zaventem'],
    ['2000', 'Antwerpen'],
    ['1731', 'Zellik'],
    ['4000', 'Liège'],
    ['1049', 'the European Commission (an organisation code)'],
  ])('refuses a person living in %s (%s)', (postcode) => {
    expect(evaluateEligibility(completeRequest({ postcode }), NOW)).toEqual({
      outcome: 'refused',
      reasons: ['outside_brussels'],
    });
  });

  it('accepts a person without a fixed address who stays in Brussels', () => {
    const request = completeRequest({ residenceKind: 'no_fixed_address', postcode: '1000', livingSituation: 'street' });
    expect(evaluateEligibility(request, NOW)).toEqual({ outcome: 'eligible' });
  });

  it('refuses a person without a fixed address whose reference address is outside Brussels', () => {
    const request = completeRequest({ residenceKind: 'no_fixed_address', postcode: '1800', livingSituation: 'street' });
    expect(evaluateEligibility(request, NOW)).toEqual({ outcome: 'refused', reasons: ['outside_brussels'] });
  });
});

describe('evaluateEligibility: is an adult on the Brussels date of the request', () => {
  it.each([
    ['17 years and 364 days old', '2008-06-16', NOW, 'refused'],
    ['18 today', '2008-06-15', NOW, 'eligible'],
    ['18 yesterday', '2008-06-14', NOW, 'eligible'],
    ['turning 18 next year', '2009-06-15', NOW, 'refused'],
    ['born 29 Feb 2008, on 28 Feb 2026', '2008-02-29', new Date('2026-02-28T12:00:00Z'), 'refused'],
    ['born 29 Feb 2008, on 1 Mar 2026', '2008-02-29', new Date('2026-03-01T12:00:00Z'), 'eligible'],
    ['born 29 Feb 2008, on 29 Feb 2028 (20)', '2008-02-29', new Date('2028-02-29T12:00:00Z'), 'eligible'],
    // 23:30 UTC the day before is already 01:30 (summer) or 00:30 (winter) on the birthday in Brussels.
    ['turning 18: 23:30 UTC the evening before, summer time', '2008-06-15', new Date('2026-06-14T23:30:00Z'), 'eligible'],
    ['turning 18: 23:30 UTC the evening before, winter time', '2008-01-20', new Date('2026-01-19T23:30:00Z'), 'eligible'],
    // Still the day before in Brussels, while it is already the birthday in Auckland (the test TZ).
    ['turning 18: 23:30 in Brussels the evening before, summer time', '2008-06-15', new Date('2026-06-14T21:30:00Z'), 'refused'],
    ['turning 18: 23:30 in Brussels the evening before, winter time', '2008-01-20', new Date('2026-01-19T22:30:00Z'), 'refused'],
  ])('%s (born %s)', (_label, birthDate, now, outcome) => {
    const expected = outcome === 'eligible' ? { outcome } : { outcome, reasons: ['minor'] };
    expect(evaluateEligibility(completeRequest({ birthDate }), now)).toEqual(expected);
  });

  it.each([
    ['a year in the future (2055 for 1955)', '2055-01-01'],
    ['tomorrow in Brussels', '2026-06-16'],
  ])('asks again for a birth date in the future instead of refusing the person as a minor: %s', (_label, birthDate) => {
    expect(evaluateEligibility(completeRequest({ birthDate }), NOW)).toEqual({
      outcome: 'incomplete',
      missing: ['person.birthDate'],
    });
  });

  it('takes a person born today as a newborn (a minor), not as a typing error', () => {
    expect(evaluateEligibility(completeRequest({ birthDate: '2026-06-15' }), NOW)).toEqual({ outcome: 'refused', reasons: ['minor'] });
  });

  it('asks again for a birth date that is not a real date instead of refusing', () => {
    expect(evaluateEligibility(completeRequest({ birthDate: '1980-02-30' }), NOW)).toEqual({
      outcome: 'incomplete',
      missing: ['person.birthDate'],
    });
  });

  it('needs a valid `now`', () => {
    expect(() => evaluateEligibility(completeRequest(), new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('evaluateEligibility: lives at home', () => {
  it.each([
    ['home', { outcome: 'eligible' }],
    ['street', { outcome: 'eligible' }],
    ['hospital', { outcome: 'refused', reasons: ['not_living_at_home'] }],
    ['care_home', { outcome: 'refused', reasons: ['not_living_at_home'] }],
    ['other_institution', { outcome: 'refused', reasons: ['not_living_at_home'] }],
  ] as const)('living situation %s', (livingSituation, expected) => {
    expect(evaluateEligibility(completeRequest({ livingSituation }), NOW)).toEqual(expected);
  });
});

describe('evaluateEligibility: not already in another trajectory', () => {
  it.each([
    ['yes', { outcome: 'refused', reasons: ['other_trajectory'] }],
    ['no', { outcome: 'eligible' }],
  ] as const)('other trajectory %s', (otherTrajectory, expected) => {
    expect(evaluateEligibility(completeRequest({ otherTrajectory }), NOW)).toEqual(expected);
  });
});

describe('evaluateEligibility: health insurance is never required', () => {
  it.each(['in_order', 'not_in_order', 'unknown'] as const)('insurance %s', (insurance) => {
    expect(evaluateEligibility(completeRequest({ insurance }), NOW)).toEqual({ outcome: 'eligible' });
  });

  it('insurance not given at all', () => {
    const request = withField(completeRequest(), 'person.insurance');
    expect(request.person).not.toHaveProperty('insurance');
    expect(evaluateEligibility(request, NOW)).toEqual({ outcome: 'eligible' });
  });

  it('is not among the reasons when another criterion fails', () => {
    const request = completeRequest({ insurance: 'not_in_order', postcode: '1500' });
    expect(evaluateEligibility(request, NOW)).toEqual({ outcome: 'refused', reasons: ['outside_brussels'] });
  });
});

describe('evaluateEligibility: every applicable reason is given', () => {
  it.each([
    [{ postcode: '1500', birthDate: '2010-01-01' }, ['outside_brussels', 'minor']],
    [{ livingSituation: 'hospital', otherTrajectory: 'yes' }, ['not_living_at_home', 'other_trajectory']],
    [{ birthDate: '2012-03-04', livingSituation: 'care_home' }, ['minor', 'not_living_at_home']],
    [
      { postcode: '4000', birthDate: '2015-07-08', livingSituation: 'other_institution', otherTrajectory: 'yes' },
      ['outside_brussels', 'minor', 'not_living_at_home', 'other_trajectory'],
    ],
  ] as const)('%j refused for %j', (person, reasons) => {
    expect(evaluateEligibility(completeRequest(person), NOW)).toEqual({ outcome: 'refused', reasons });
  });
});

describe('evaluateEligibility: completeness comes first', () => {
  it.each(REQUIRED)('reports %s when it is absent', (field) => {
    const request = withField(completeRequest(), field);
    expect(evaluateEligibility(request, NOW)).toEqual({ outcome: 'incomplete', missing: [field] });
  });

  it.each([
    ['requester.contact', ''],
    ['person.firstName', '   '],
    ['person.postcode', ''],
    ['situation.description', '\n\t '],
    ['person.languages', []],
    ['situation.domains', []],
    ['situation.sectors', []],
    ['person.birthDate', null],
  ])('reports %s when it is empty (%j)', (field, value) => {
    const request = withField(completeRequest(), field, value);
    expect(findMissingFields(request, NOW)).toEqual([field]);
  });

  it('lists every missing field of an empty request, in the fixed order', () => {
    expect(evaluateEligibility({}, NOW)).toEqual({ outcome: 'incomplete', missing: REQUIRED });
  });

  it('lists several missing fields in the fixed order whatever the order they were removed in', () => {
    let request = completeRequest();
    for (const field of ['network.consent', 'person.postcode', 'requester.role'] as const) {
      request = withField(request, field);
    }
    expect(findMissingFields(request, NOW)).toEqual(['requester.role', 'person.postcode', 'network.consent']);
  });

  it('does not refuse a request that is still incomplete', () => {
    const request = withField(completeRequest({ postcode: '4000', birthDate: '2012-01-01' }), 'situation.urgency');
    expect(evaluateEligibility(request, NOW)).toEqual({ outcome: 'incomplete', missing: ['situation.urgency'] });
  });

  it('needs none of the optional fields', () => {
    let request = completeRequest();
    for (const field of [
      'requester.organisation',
      'person.otherLanguage',
      'person.municipality',
      'person.whereStaying',
      'person.insurance',
      'situation.tried',
      'situation.whyNow',
      'network.members',
    ]) {
      request = withField(request, field);
    }
    expect(findMissingFields(request, NOW)).toEqual([]);
    expect(evaluateEligibility(request, NOW)).toEqual({ outcome: 'eligible' });
  });

  it.each([
    [['other'], undefined, ['person.otherLanguage']],
    [['fr', 'other'], undefined, ['person.otherLanguage']],
    [['other'], 'Tigrinya', []],
    [['fr'], undefined, []],
  ] as const)('with languages %j and other language %j, misses %j', (languages, otherLanguage, missing) => {
    const request = completeRequest({ languages: [...languages], ...(otherLanguage ? { otherLanguage } : {}) });
    expect(findMissingFields(request, NOW)).toEqual(missing);
  });

  it('finds nothing missing in a complete request', () => {
    expect(findMissingFields(completeRequest(), NOW)).toEqual([]);
  });
});

describe('evaluateEligibility is pure', () => {
  it('does not change the request and gives the same answer twice', () => {
    const request = deepFreeze(completeRequest({ postcode: '1800', otherTrajectory: 'yes' }));
    const before = structuredClone(request);
    const first = evaluateEligibility(request, NOW);
    expect(evaluateEligibility(request, NOW)).toEqual(first);
    expect(request).toEqual(before);
  });
});

// The three situations of seeds/001 (Brusano, "Multidisciplinair klinisch overleg"): all eligible.
describe('evaluateEligibility: the example situations of seed 001', () => {
  const manFromAbroad: RequestData = {
    requester: { role: 'professional', organisation: 'Hospital social service', contact: 'discharge@example.org' },
    person: {
      firstName: 'A.',
      lastName: 'K.',
      birthDate: '1986-02-03',
      languages: ['fr', 'other'],
      otherLanguage: 'Georgian',
      interpreterNeeded: 'yes',
      residenceKind: 'address',
      postcode: '1080',
      // Just discharged from hospital: he lives at home now.
      livingSituation: 'home',
      insurance: 'unknown',
      otherTrajectory: 'no',
    },
    situation: {
      domains: ['somatic', 'psychic'],
      sectors: ['mental_health', 'chronic_illness'],
      description: 'Doctor-shopping for psychosomatic complaints; isolated, family abroad; dense network.',
      whyNow: 'A recent discharge from hospital is a chance to structure his care.',
      urgency: 'normal',
    },
    network: { members: [{ role: 'GP', name: 'Dr L.' }, { role: 'social worker', name: 'M.' }], consent: 'yes' },
  };

  const womanWithLeaseEnding: RequestData = {
    requester: { role: 'professional', organisation: 'Home nursing', contact: '+32 2 000 00 00' },
    person: {
      firstName: 'J.',
      lastName: 'D.',
      birthDate: '1956-01-20',
      languages: ['nl'],
      interpreterNeeded: 'no',
      residenceKind: 'address',
      postcode: '1180',
      livingSituation: 'home',
      insurance: 'in_order',
      otherTrajectory: 'no',
    },
    situation: {
      domains: ['psychic', 'social'],
      sectors: ['mental_health', 'other'],
      description: 'Mental and cognitive problems, neglects hygiene; lease ends in a year; nobody in charge.',
      urgency: 'normal',
    },
    network: { members: [{ role: 'home help', name: 'Family help service' }], consent: 'not_yet_asked' },
  };

  const homelessDiabeticMan: RequestData = {
    requester: { role: 'professional', organisation: 'Street outreach', contact: 'outreach@example.org' },
    person: {
      firstName: 'R.',
      lastName: 'M.',
      birthDate: '1975-09-01',
      languages: ['other'],
      otherLanguage: 'Tigrinya',
      interpreterNeeded: 'yes',
      residenceKind: 'no_fixed_address',
      postcode: '1000',
      whereStaying: 'Around the North Station',
      livingSituation: 'street',
      insurance: 'not_in_order',
      otherTrajectory: 'no',
    },
    situation: {
      domains: ['somatic', 'social'],
      sectors: ['poverty', 'chronic_illness'],
      description: 'Diabetic, no papers, sleeps on the street; insulin not possible given how he lives.',
      urgency: 'high',
    },
    network: { consent: 'yes' },
  };

  it.each([
    ['a 40-year-old man from abroad, just discharged from hospital', manFromAbroad],
    ['a 70-year-old woman at home whose lease ends', womanWithLeaseEnding],
    ['a homeless diabetic man without papers or insurance', homelessDiabeticMan],
  ])('%s is eligible', (_label, request) => {
    expect(evaluateEligibility(request, NOW)).toEqual({ outcome: 'eligible' });
  });
});

describe('where the person lives, by municipality when there is no postcode', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const base = {
    requester: { role: 'professional' as const, contact: 'x' },
    person: {
      firstName: 'A',
      lastName: 'B',
      birthDate: '1970-01-01',
      languages: ['fr' as const],
      interpreterNeeded: 'no' as const,
      residenceKind: 'no_fixed_address' as const,
      livingSituation: 'street' as const,
      otherTrajectory: 'no' as const,
    },
    situation: { domains: ['social' as const], sectors: ['poverty' as const], description: 'x', urgency: 'high' as const },
    network: { consent: 'yes' as const },
  };

  it.each([
    [{ municipality: 'molenbeek-saint-jean' }, 'eligible'],
    // stays in Molenbeek, reference address at a CPAS/OCMW outside Brussels: lives where they stay
    [{ municipality: 'molenbeek-saint-jean', postcode: '1800' }, 'eligible'],
    [{ municipality: 'molenbeek-saint-jean', postcode: '1080' }, 'eligible'],
    [{ postcode: '1800' }, 'refused'],
    // with a fixed address, the address's postcode decides
    [{ residenceKind: 'address' as const, municipality: 'molenbeek-saint-jean', postcode: '1800' }, 'refused'],
    [{ residenceKind: 'address' as const, municipality: 'molenbeek-saint-jean' }, 'eligible'],
    [{ residenceKind: 'address' as const, postcode: '1080' }, 'eligible'],
    [{ municipality: 'vilvoorde' }, 'incomplete'],
    [{}, 'incomplete'],
  ])('%p is %s', (where, outcome) => {
    expect(evaluateEligibility({ ...base, person: { ...base.person, ...where } }, now).outcome).toBe(outcome);
  });
});
