import * as ACData from 'adaptivecards-templating';
import type * as Render from '../../adaptive-cards/render';
import type * as Renderings from './card-renderings';

/**
 * Every card the bot sends (card-renderings.ts: every template, with and without notices, empty
 * and full lists, in nl, fr and en), rendered from the views' real data: the compiled expressions
 * (FastTemplate, what renderCard uses) give exactly the templating library's card.
 */
describe('FastTemplate on every card the bot sends', () => {
  const seen: { template: object; data: object }[] = [];

  beforeAll(() => {
    jest.resetModules();
    jest.doMock('../../adaptive-cards/render', () => {
      const actual = jest.requireActual<typeof Render>('../../adaptive-cards/render');
      return {
        ...actual,
        renderCard: (template: object, data: object) => {
          seen.push({ template, data });
          return actual.renderCard(template, data);
        },
      };
    });
    const { renderAllCards } = require('./card-renderings') as typeof Renderings;
    for (const lang of ['nl', 'fr', 'en'] as const) renderAllCards(lang);
  });

  afterAll(() => {
    jest.dontMock('../../adaptive-cards/render');
    jest.resetModules();
  });

  test('the renderings went through renderCard', () => {
    expect(seen.length).toBeGreaterThan(100);
    expect(new Set(seen.map((s) => s.template)).size).toBeGreaterThan(30);
  });

  test('each card equals the library expansion of the same template and data', () => {
    const { renderCard } = jest.requireActual<typeof Render>('../../adaptive-cards/render');
    const differing: number[] = [];
    seen.forEach(({ template, data }, i) => {
      const fast = JSON.stringify(renderCard(template, data));
      const library = JSON.stringify(new ACData.Template(template).expand({ $root: data }));
      if (fast !== library) differing.push(i);
    });
    expect(differing).toEqual([]);
  });
});
