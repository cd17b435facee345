import fc from 'fast-check';
import { INTAKE_STEPS } from '../../domain/ports';
import { GOOD_INPUTS } from '../support/intake-driver';

/**
 * What a hostile or broken client may put in a card payload: values of every JSON type, strings
 * that break parsers, renderers and logs, and strings far beyond any field's size.
 */

/** Built once: a 1 MB string costs the generator nothing to hand out again. */
const ONE_MB = 'x'.repeat(1024 * 1024);
const LONG_UNICODE = '\u{1F600}\u0301'.repeat(30_000);

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u202e\u202d override',
  'ﷺ\u200b\ufeff',
  '<script>alert(1)</script>',
  '<at>MKO</at>',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  'toString',
  "'; DROP TABLE cases; --",
  '${7*7}',
  '{{$root}}',
  '../../etc/passwd',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  'null',
  'true',
  '\n\r\t',
  'Ünïcödé, 漢字, עברית, العربية',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 6 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ minLength: 20_001, maxLength: 20_050 }), weight: 1 },
  { arbitrary: fc.constant(LONG_UNICODE), weight: 1 },
  { arbitrary: fc.constant(ONE_MB), weight: 1 },
);

/** Any JSON value, weighted towards the ones most likely to confuse a handler. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 6 },
  { arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e15, 2 ** 53)), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.constantFrom('$gt', '$ne', '__proto__', 'id', 'draftId', 'v'), fc.string({ maxLength: 8 }), { maxKeys: 3 }), weight: 1 },
);

/** The ids and switches the cards' actions carry. */
export const ACTION_FIELDS: readonly string[] = ['draftId', 'caseId', 'v', 'step', 'move', 'index', 'id', 'status', 'answer', 'organiserId', 'reason', 'section', 'entryId'];
/** Every input id of the request cards. */
export const INPUT_FIELDS: readonly string[] = Object.values(GOOD_INPUTS).flatMap((inputs) => Object.keys(inputs));

export const validStep = fc.constantFrom(...INTAKE_STEPS);
export const validMove = fc.constantFrom('next', 'back', 'stay');

/**
 * A payload shaped like the real ones: the actions' fields, each holding a valid-looking value, an
 * id from `ids` (other users' drafts and cases) or a hostile value, some left out; plus a few of
 * the cards' inputs. At most a handful of fields, so that a payload stays a plausible size.
 */
export function mutatedValidPayload(ids: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const idValue = fc.oneof(fc.constantFrom(...ids), fc.uuid(), hostileValue);
  const fieldValue = (name: string): fc.Arbitrary<unknown> => {
    if (name === 'draftId' || name === 'caseId' || name === 'id' || name === 'entryId' || name === 'organiserId') return idValue;
    if (name === 'v') return fc.oneof(fc.integer({ min: -2, max: 40 }), fc.integer({ min: 1, max: 40 }).map(String), hostileValue);
    if (name === 'step') return fc.oneof(validStep, hostileValue);
    if (name === 'move') return fc.oneof(validMove, hostileValue);
    if (name === 'index') return fc.oneof(fc.integer({ min: -2, max: 12 }), hostileValue);
    return fc.oneof(fc.string({ maxLength: 30 }), hostileValue);
  };
  const actionFields = fc.record(Object.fromEntries(ACTION_FIELDS.map((name) => [name, fieldValue(name)])), { requiredKeys: [] });
  const inputs = fc
    .shuffledSubarray([...INPUT_FIELDS], { maxLength: 4 })
    .chain((names) => fc.tuple(...names.map((name) => fieldValue(name).map((value) => [name, value] as const))))
    .map((pairs) => Object.fromEntries(pairs));
  return fc.tuple(actionFields, inputs).map(([action, typed]) => ({ ...typed, ...action }));
}

/** Anything at all as the action's data, including what is not an object. */
export const randomPayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 20 }), hostileValue, { maxKeys: 6 }),
);

/** Locales as Teams sends them, and ones it never would. */
export const locale: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom('en-US', 'nl-BE', 'fr-BE', 'de-DE', 'en', 'fr'), weight: 5 },
  { arbitrary: hostileString.filter((s) => s.length < 200), weight: 1 },
);
