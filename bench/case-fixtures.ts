import type { Case } from '../domain/case/case';
import type { Stores } from '../domain/ports';
import { makeCase } from '../test/support/fixtures';

/** The k-th benchmark case: unique id, draft and reference (makeCase's random ones would collide). */
export function makeNumberedCase(k: number, requesterId: string): Case {
  const seq = k + 1;
  return makeCase({
    id: `bench-case-${seq}`,
    draftId: `bench-draft-${seq}`,
    reference: `MKO-2026-${String(seq).padStart(5, '0')}`,
    seq,
    requesterId,
  });
}

/** Inserts `count` cases through the CaseRepository, as the bot would store them. */
export async function insertCases(stores: Stores, count: number, requesterOf: (k: number) => string): Promise<Case[]> {
  const cases: Case[] = [];
  for (let k = 0; k < count; k++) {
    const c = makeNumberedCase(k, requesterOf(k));
    if ((await stores.cases.insert(c)) !== 'inserted') throw new Error(`case ${c.reference} was not inserted`);
    cases.push(c);
  }
  return cases;
}
