import fc from 'fast-check';
import { buildTabWorld, type TabWorld } from './tab-world';
import { checkTabAlive, listTabProperties } from './tab-properties';

/**
 * The tab's JSON API, fuzzed over HTTP: every route the server registers (new ones included
 * without touching this file), hostile tokens, headers, queries and bodies, other users' ids. A
 * fixed seed and a few hundred runs here; `npm run bench` runs 10,000 per property with fresh seeds.
 */
const RUNS = 300;
const SEED = 20261125;

describe('fuzzing the tab API', () => {
  let world: TabWorld;

  beforeAll(async () => {
    world = await buildTabWorld();
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });
  afterEach(async () => {
    await checkTabAlive(world);
  });

  const names = [
    'anyone, any route, method, token, query, headers and body: 200 or a 4xx with a message, nothing of anyone else, a refusal writes nothing',
    "a signed-in user, each route as the tab calls it, with other users' ids: answered, nothing of anyone else, nothing written unless it is theirs",
  ];

  it('has a test for every property, and fuzzes the request list route at least', () => {
    expect(listTabProperties(world).map((p) => p.name)).toEqual(names);
    expect(world.routes).toContainEqual({ method: 'GET', path: '/api/tab/me/cases' });
  });

  it.each(names)('%s', async (name) => {
    const { property } = listTabProperties(world).find((p) => p.name === name)!;
    await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
  }, 180_000);
});
