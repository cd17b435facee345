import { buildFiguresCsv, buildFiguresCsvRows, csvCell, FiguresCsvLinks, LINK_TTL_MS } from '../../bot/figures-export';
import { parseFiguresYear } from '../../bot/handlers/figures-handlers';
import { parseCommand, readCommandArgument } from '../../bot/commands';
import { computeFigures } from '../../domain/case/figures';
import { makeTranslator } from '../../adaptive-cards/i18n';
import { renderFiguresCard, textBar } from '../../adaptive-cards/views/figures-views';
import { makeCase, makeDraft } from '../support/fixtures';

const NOW = new Date('2026-10-25T01:30:00Z');
const request = { coordinatorId: 'coord-1', year: 2021, lang: 'fr' as const };

describe('the figures CSV link token', () => {
  const links = new FiguresCsvLinks(Buffer.alloc(32, 7));

  it('gives back what was signed, until ten minutes have passed', () => {
    const token = links.sign(request, NOW);
    expect(links.verify(token, NOW)).toEqual(request);
    expect(links.verify(token, new Date(NOW.getTime() + LINK_TTL_MS - 1))).toEqual(request);
    expect(links.verify(token, new Date(NOW.getTime() + LINK_TTL_MS))).toBeNull();
  });

  it('refuses a token signed with another secret (another process)', () => {
    const other = new FiguresCsvLinks(Buffer.alloc(32, 8));
    expect(links.verify(other.sign(request, NOW), NOW)).toBeNull();
  });

  it.each<[string, (token: string) => string]>([
    ['another coordinator in the payload', (t) => `${Buffer.from(JSON.stringify({ sub: 'me', year: 2021, lang: 'fr', exp: NOW.getTime() + 1e9 })).toString('base64url')}.${t.split('.')[1]}`],
    ['a truncated signature', (t) => t.slice(0, -2)],
    ['no signature', (t) => t.split('.')[0]!],
    ['an extra part', (t) => `${t}.x`],
    ['garbage', () => '%%%.***'],
    ['nothing', () => ''],
  ])('refuses %s', (_what, alter) => {
    expect(links.verify(alter(links.sign(request, NOW)), NOW)).toBeNull();
  });

  it('makes a link on the configured base address', () => {
    links.setBaseUrl('https://mko.example.org/');
    const url = new URL(links.linkFor(request, NOW));
    expect(`${url.origin}${url.pathname}`).toBe('https://mko.example.org/api/figures.csv');
    expect(links.verify(url.searchParams.get('token')!, NOW)).toEqual(request);
  });
});

describe('CSV cells for Belgian Excel', () => {
  it.each<[string | number, string]>([
    [12, '12'],
    ['Santé mentale', 'Santé mentale'],
    ['a;b', '"a;b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+32 2 000', "'+32 2 000"],
    ['-1', "'-1"],
    ['@risk', "'@risk"],
  ])('%p is written %p', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('the figures CSV', () => {
  const cases = [
    makeCase({ id: 'a', status: 'refused', refusalReasons: ['outside_brussels'], submittedAt: new Date('2021-03-01T10:00:00Z'), statusHistory: [{ from: null, to: 'refused', at: new Date('2021-03-01T10:00:00Z'), by: 's' }] }),
    makeCase({ id: 'b', status: 'awaiting_assignment', submittedAt: new Date('2021-04-01T10:00:00Z'), statusHistory: [{ from: null, to: 'awaiting_assignment', at: new Date('2021-04-01T10:00:00Z'), by: 's' }] }),
  ];
  const figures = computeFigures(cases, [makeDraft({ createdAt: new Date('2021-05-01T10:00:00Z'), data: { person: { firstName: 'Ana' } } })], NOW, { year: 2021 });

  it('is UTF-8 text with a byte-order mark, ";" between cells and CRLF line ends', () => {
    const csv = buildFiguresCsv(makeTranslator('fr'), figures);
    expect(csv.startsWith('\uFEFFRubrique;Élément;Nombre\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean).every((line) => line.split(';').length === 3)).toBe(true);
  });

  it('holds the same counts as the card', () => {
    const rows = buildFiguresCsvRows(makeTranslator('en'), figures);
    const find = (section: string, item: string) => rows.find((r) => r[0] === section && r[1] === item)?.[2];
    expect(find('Requests received', 'Figures 2021')).toBe(3);
    expect(find('Requests by status', 'Refused')).toBe(1);
    expect(find('Requests by status', 'Not yet completed by the requester')).toBe(1);
    expect(find('Requests by status', 'Awaiting assignment')).toBe(1);
    expect(find('Refused requests by reason', 'Outside Brussels')).toBe(1);
    expect(find('By year of the request', '2021 · Requests received')).toBe(3);
    const card = JSON.stringify(renderFiguresCard(makeTranslator('en'), 'en', figures, null));
    expect(card).toContain('Requests received: **3**');
    expect(card).not.toContain('Action.OpenUrl');
  });
});

describe('text bars', () => {
  it.each<[number, number, string]>([
    [0, 6, '·'],
    [6, 6, '████████████'],
    [3, 6, '██████'],
    [1, 100, '█'],
  ])('%i of %i is %p', (count, max, bar) => {
    expect(textBar(count, max)).toBe(bar);
  });
});

describe('the figures command', () => {
  it.each<[string, string | null, string]>([
    ['figures', 'figures', ''],
    ['Cijfers 2021', 'figures', '2021'],
    ['chiffres 2022.', 'figures', '2022'],
    ['person data MKO-2026-0001', 'personData', 'mko-2026-0001'],
    ['Données personnelles mko-2026-0001', 'personData', 'mko-2026-0001'],
    ['persoonsgegevens', 'personData', ''],
    ['audit trail MKO-2021-0003', 'auditTrail', 'mko-2021-0003'],
    ['audit MKO-2021-0003', 'auditTrail', 'mko-2021-0003'],
    ['journal d’audit MKO-2021-0003', 'auditTrail', 'mko-2021-0003'],
    ['figuresque', null, ''],
    ['new request', 'newRequest', ''],
  ])('%p is %p with argument %p', (text, command, argument) => {
    expect(parseCommand(text)).toBe(command);
    expect(readCommandArgument(text)).toBe(argument);
  });

  it.each<[string, number | null | undefined]>([
    ['', null],
    ['2021', 2021],
    ['1999', undefined],
    ['2101', undefined],
    ['21', undefined],
    ['all', undefined],
    ['2021 2022', undefined],
  ])('reads the year %p as %p', (argument, year) => {
    expect(parseFiguresYear(argument)).toBe(year);
  });
});
