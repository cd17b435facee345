import { buildPersonExport, isEraseConfirmed, purgePersonalData } from '../../domain/case/person-data';
import { describeActor, describeAuditTrail, shortActorId } from '../../domain/case/audit-trail';
import { splitIntoParts, renderPersonExportCard, PART_BUDGET } from '../../adaptive-cards/views/person-data-views';
import { describeAuditAction, describeActorLabel, renderAuditCard } from '../../adaptive-cards/views/audit-views';
import { makeTranslator, LANGUAGES_OF_UI } from '../../adaptive-cards/i18n';
import { PREPARATION_AUDIT_ACTIONS } from '../../domain/case/preparation-use-cases';
import { POLL_AUDIT_ACTIONS } from '../../domain/poll/poll-use-cases';
import { makeCase, makeCompleteRequest } from '../support/fixtures';

const NOW = new Date('2026-11-23T10:00:00Z');

describe('who an audit entry names', () => {
  const known = {
    organiserNames: new Map([['org-1', 'Amina El Idrissi']]),
    requesterId: 'req-1',
    isCoordinator: (id: string) => id === 'aaaaaaaa-0000-4000-8000-000000000001',
  };

  it.each<[string, object]>([
    ['org-1', { kind: 'organiser', name: 'Amina El Idrissi' }],
    ['system', { kind: 'system', name: null }],
    ['aaaaaaaa-0000-4000-8000-000000000001', { kind: 'coordinator', name: null, shortId: 'aaaaaaaa' }],
    ['req-1', { kind: 'requester', name: null }],
    ['29:1xyzLongTeamsId', { kind: 'user', name: null, shortId: '1xyzLong' }],
  ])('%p is %p', (actorId, label) => {
    expect(describeActor(actorId, known)).toMatchObject(label);
  });

  it('is shown in words, and an unknown action by its code', () => {
    const t = makeTranslator('nl');
    expect(describeActorLabel(t, describeActor('org-1', known))).toBe('Amina El Idrissi (overlegorganisator)');
    expect(describeActorLabel(t, describeActor('aaaaaaaa-0000-4000-8000-000000000001', known))).toBe('Coördinator aaaaaaaa');
    expect(describeAuditAction(t, 'person.erased')).toBe('Persoonsgegevens gewist op verzoek');
    // an action of a later version that this one has no words for (poll.closed has words now)
    expect(describeAuditAction(t, 'future.feature_done')).toBe('future.feature_done');
    expect(shortActorId('28:bot')).toBe('bot');
  });

  it('shows the latest fifty entries of a long trail', () => {
    const entries = Array.from({ length: 60 }, (_, i) => ({ caseId: 'c', at: new Date(NOW.getTime() + i * 60_000), actorId: 'org-1', action: 'case.viewed' }));
    const card = JSON.stringify(renderAuditCard(makeTranslator('en'), 'en', makeCase(), describeAuditTrail(entries, known)));
    expect(card).toContain('The latest 50 of 60 entries.');
    expect(card.match(/Amina El Idrissi \(organiser\) — Case viewed/g)).toHaveLength(50);
  });
});

/** Every action the bot writes to an audit trail today; each must read as words on the card. */
const WRITTEN_ACTIONS = [
  'case.submitted',
  'case.details_viewed',
  'case.listed_in_tab',
  'case.assigned',
  'case.assigned_with_override',
  'assignment.accepted',
  'assignment.declined',
  'assignment.released',
  'audit.viewed',
  'case.viewed',
  'case.withdrawn',
  'person.exported',
  'person.erased',
  'case.purged',
  ...PREPARATION_AUDIT_ACTIONS,
  ...POLL_AUDIT_ACTIONS,
];

describe.each(LANGUAGES_OF_UI)('audit actions in %s', (lang) => {
  it.each(WRITTEN_ACTIONS)('%s has words', (action) => {
    expect(describeAuditAction(makeTranslator(lang), action)).not.toBe(action);
  });
});

describe('the export of a person\'s data', () => {
  const c = makeCase({
    request: makeCompleteRequest({ situation: { domains: ['social'], sectors: ['poverty'], description: 'Needs **urgent** help_now', urgency: 'high' } }),
  });
  const trail = [{ at: NOW, action: 'case.submitted', actor: { kind: 'requester' as const, name: null, shortId: 'user-1' } }];
  const exported = buildPersonExport(c, trail, NOW);
  const json = JSON.stringify(exported, null, 2);

  it('holds everything about the person in the case, and who did what', () => {
    expect(exported).toMatchObject({ format: 'mko-person-data/1', reference: c.reference, exportedAt: NOW.toISOString(), purgedAt: null });
    expect(JSON.parse(json).request).toEqual(JSON.parse(JSON.stringify(c.request)));
    for (const value of ['Jan', 'Peeters', '1956-04-12', 'nurse@example.org', 'Dr. A']) expect(json).toContain(value);
    expect(JSON.parse(json).auditTrail).toEqual([{ at: NOW.toISOString(), action: 'case.submitted', actor: 'requester user-1' }]);
  });

  it('of a purged case holds only what is left', () => {
    const after = JSON.stringify(buildPersonExport(purgePersonalData(c, NOW), [], NOW));
    expect(after).not.toContain('Peeters');
    expect(JSON.parse(after).purgedAt).toBe(NOW.toISOString());
  });

  it('is split into parts that each fit a Teams card, and join back to the same JSON', () => {
    const big = { ...exported, notes: Array.from({ length: 400 }, (_, i) => `note ${i} ${'x'.repeat(100)}`) };
    const text = JSON.stringify(big, null, 2);
    const parts = splitIntoParts(text);
    expect(parts.length).toBeGreaterThan(2);
    expect(JSON.parse(parts.map((p) => p.join('\n')).join('\n'))).toEqual(big);
    for (const [i] of parts.entries()) {
      const card = renderPersonExportCard(makeTranslator('en'), c, text, i + 1);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28_000);
    }
    expect(splitIntoParts('x'.repeat(PART_BUDGET * 2))).toHaveLength(1);
  });

  it('shows the text as typed: TextRuns in a monospace font, never read as markdown', () => {
    const card = renderPersonExportCard(makeTranslator('en'), c, json, 1);
    const runs: { text: string; fontType: string }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      if ((node as { type?: string }).type === 'TextRun') runs.push(node as never);
      Object.values(node).forEach(walk);
    };
    walk(card);
    expect(runs.every((r) => r.fontType === 'Monospace')).toBe(true);
    expect(runs.map((r) => r.text).join('\n')).toBe(json);
    expect(json).toContain('Needs **urgent** help_now');
  });
});

describe('confirming an erase', () => {
  const c = makeCase({ reference: 'MKO-2026-0042' });
  it.each<[string, boolean]>([
    ['MKO-2026-0042', true],
    [' mko-2026-0042 ', true],
    ['MKO-2026-0041', false],
    ['', false],
    ['yes', false],
  ])('%p confirms: %p', (typed, confirmed) => {
    expect(isEraseConfirmed(c, typed)).toBe(confirmed);
  });
});
