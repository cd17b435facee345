import fc from 'fast-check';
import { buildFuzzWorld, type FuzzWorld } from './fuzz-world';
import { checkBotAlive, listVerbProperties } from './verb-properties';

/**
 * Card verbs and typed commands, fuzzed over HTTP against one running bot: random, mutated-valid
 * and hostile payloads (wrong types, missing fields, 1 MB strings, unicode, other users' ids) are
 * answered and never half-written. A fixed seed and a few hundred runs per property keep it short
 * and repeatable; `npm run bench` runs 10,000 per property with fresh seeds.
 */
const RUNS = 300;
const SEED = 20261123;

describe('fuzzing the card verbs and typed commands', () => {
  let world: FuzzWorld;

  beforeAll(async () => {
    world = await buildFuzzWorld();
  }, 60_000);
  afterAll(async () => {
    await world.h.stop();
  });
  afterEach(async () => {
    await checkBotAlive(world);
  });

  // the property list is built from a world; its names are known before the world exists
  const names = [
    'a stranger: any verb, any payload, writes nothing (intake.start: one own draft)',
    'the owner: a payload that must be refused changes nothing',
    'the owner: a network save stores the member and the consent together or not at all',
    'a stranger: any typed text is answered and writes nothing (new request: one own draft)',
  ];

  it('has a test for every property', () => {
    expect(listVerbProperties(world).map((p) => p.name)).toEqual(names);
  });

  it.each(names)('%s', async (name) => {
    const { property } = listVerbProperties(world).find((p) => p.name === name)!;
    await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
  }, 180_000);
});
