import fc from 'fast-check';
import { serializeNedbLine } from '../../models/embedded/nedb-line';

// nedb's own serializer, the reference the collection files were always written with
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nedbModel = require('@seald-io/nedb/lib/model.js') as { serialize(doc: unknown): string; deserialize(line: string): unknown };

/** Whatever nedb would store; a document nedb refuses (a key with '.' or '$') never reaches the file. */
function nedbLineOrNull(doc: unknown): string | null {
  try {
    return nedbModel.serialize(doc);
  } catch {
    return null;
  }
}

describe('serializeNedbLine', () => {
  test.each([
    ['a draft', { _id: 'd1', ownerId: 'u', tenantId: null, data: { person: { languages: ['fr', 'nl'], postcode: '1030' } }, createdAt: new Date(Date.UTC(2026, 2, 29, 1, 30)), version: 3 }],
    ['an invalid date', { _id: 'x', at: new Date(Number.NaN) }],
    ['dates in arrays and nested objects', { _id: 'x', slots: [{ start: new Date(0), end: new Date(-1) }, new Date(8.64e15)] }],
    ['undefined fields and array items', { _id: 'x', a: undefined, b: [undefined, 1, null] }],
    ['numbers JSON cannot hold', { _id: 'x', a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -0 }],
    ['a deletion marker', { $$deleted: true, _id: 'x' }],
    ['an index marker', { $$indexCreated: { fieldName: ['pollId', 'voterId'], unique: true, sparse: false } }],
    ['unicode and control characters', { _id: 'é', text: 'Ça va? 🏥 \u2028\u0000 "quoted" \\ \ud800' }],
  ])('writes %s as nedb does', (_name, doc) => {
    expect(serializeNedbLine(doc)).toBe(nedbModel.serialize(doc));
  });

  test('random documents: the same line as nedb, read back to the same document', () => {
    const value = fc.anything({ withDate: true, withNullPrototype: true, withSparseArray: true, maxDepth: 4 });
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (doc) => {
        const expected = nedbLineOrNull(doc);
        fc.pre(expected !== null);
        const line = serializeNedbLine(doc);
        expect(line).toBe(expected);
        expect(nedbModel.deserialize(line)).toEqual(nedbModel.deserialize(expected!));
      }),
      { seed: 20261204, numRuns: 1000 },
    );
  });
});
