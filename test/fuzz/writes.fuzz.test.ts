import fc from 'fast-check';
import { buildWritesWorld, type WritesWorld } from './writes-world';
import { listWriteProperties } from './write-properties';

/**
 * The allowed writes, fuzzed over HTTP: the organiser's preparation and report cards with random
 * contents. A fixed seed and a few hundred runs here; `npm run bench` runs 10,000 with fresh seeds.
 */
const RUNS = 250;
const SEED = 20261124;

describe('fuzzing the writes an organiser is allowed to make', () => {
  let world: WritesWorld;

  beforeAll(async () => {
    world = await buildWritesWorld();
  }, 60_000);
  afterAll(async () => {
    await world.h.stop();
  });

  const names = [
    'the organiser: preparation saves change the case and its audit trail together or not at all',
    'the organiser: report saves change the report and its audit trail together or not at all',
  ];

  it('has a test for every property', () => {
    expect(listWriteProperties(world).map((p) => p.name)).toEqual(names);
  });

  it.each(names)('%s', async (name) => {
    const { property } = listWriteProperties(world).find((p) => p.name === name)!;
    const before = await countWrites(world);
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
    if (details.failed) throw new Error(String(details.errorInstance));
    // a property that only ever met refusals would prove little: some payloads must have been stored
    expect(await countWrites(world)).toBeGreaterThan(before);
  }, 180_000);
});

async function countWrites(world: WritesWorld): Promise<number> {
  const entries = [...(await world.h.bot.stores.audit.listByCase(world.preparingCaseId)), ...(await world.h.bot.stores.audit.listByCase(world.heldCaseId))];
  return entries.filter((e) => !e.action.endsWith('viewed') && e.action !== 'report.meeting_held').length;
}
