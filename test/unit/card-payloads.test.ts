import { readSectionInputs, toSectionAnswers } from '../../bot/card-payloads';

/** What a card sends is untrusted: the section's inputs are read only from a payload that looks like one of ours. */
describe('readSectionInputs', () => {
  const valid = { draftId: 'd1', v: 2, step: 'person', move: 'next', 'person.firstName': 'Marie', 'person.postcode': '1030', 'requester.role': 'professional' };

  test.each([
    ['the section only, names without the prefix', valid, { firstName: 'Marie', postcode: '1030' }],
    ['a section with no inputs', { draftId: 'd1' }, {}],
    ['an empty input as an empty string', { 'person.firstName': '' }, { firstName: '' }],
    ['another section may hold anything: it is checked by its own reader', { 'person.firstName': 'A', 'member.name': 42 }, { firstName: 'A' }],
    ['a value of 20,000 characters', { 'person.firstName': 'x'.repeat(20_000) }, { firstName: 'x'.repeat(20_000) }],
  ])('reads %s', (_name, data, expected) => {
    expect(readSectionInputs(data, 'person')).toEqual(expected);
  });

  test.each([
    ['no object', 'person.firstName=Marie'],
    ['null', null],
    ['an array', [{ 'person.firstName': 'Marie' }]],
    ['a number as an input value', { 'person.firstName': 7 }],
    ['an object as an input value', { 'person.firstName': { $gt: '' } }],
    ['a value over 20,000 characters', { 'person.firstName': 'x'.repeat(20_001) }],
    ['a key over 100 characters anywhere in the payload', { 'person.firstName': 'Marie', ['k'.repeat(101)]: '' }],
  ])('refuses %s', (_name, data) => {
    expect(readSectionInputs(data, 'person')).toBeNull();
  });

  test('blank answers are left out and multi-selects become lists', () => {
    expect(toSectionAnswers({ firstName: '  Marie ', lastName: ' ', languages: 'fr, nl,' })).toEqual({ firstName: 'Marie', languages: ['fr', 'nl'] });
  });
});
