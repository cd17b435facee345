import fc from 'fast-check';
import { translate } from '../../adaptive-cards/i18n';
import { VERBS } from '../../adaptive-cards/verbs';
import { REPORT_SECTIONS } from '../../adaptive-cards/views/report-views';
import type { AuditEntry } from '../../domain/ports';
import { cardText } from '../support/bot-harness';
import { hostileString, hostileValue } from './payload-arbitraries';
import type { WritesWorld } from './writes-world';

/**
 * Fuzzing what the organiser IS allowed to change: valid-shaped payloads with random contents on
 * their own cases. Each click is answered (never with the unexpected-error text), and the store
 * either did not change, or changed as one piece: the document's version moved by one AND exactly
 * one audit entry of that change was written; never a version without its audit entry or the
 * other way round, never a second document touched.
 */
export interface WriteProperty {
  name: string;
  property: fc.IAsyncProperty<any>;
}

const UNEXPECTED = (['en', 'nl', 'fr'] as const).map((lang) => translate(lang, 'error.unexpected'));
/** Reads are audited too ("prep.viewed", "report.viewed"): they are not changes. */
const isRead = (e: AuditEntry) => e.action.endsWith('viewed');

function check(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new Error(message());
}

function summarise(verb: string, data: unknown): string {
  const json = JSON.stringify(data) ?? String(data);
  return `${verb} ${json.length > 300 ? `${json.slice(0, 300)}... (${json.length} chars)` : json}`;
}

/** A form field as a user (or a broken client) fills it: plausible text, empty, or hostile. */
const text = fc.oneof(
  { arbitrary: fc.constantFrom('Stay at home', 'Dr. Peeters', '02 123 45 67', 'Sœur Marie-José', 'Call every Monday', 'a\nb\nc'), weight: 4 },
  { arbitrary: fc.constant(''), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }), weight: 2 },
  { arbitrary: hostileString, weight: 2 },
);
/** A field that may also be the wrong JSON type: a client is not bound to send strings. */
const anyField = fc.oneof({ arbitrary: text, weight: 8 }, { arbitrary: hostileValue, weight: 1 });
const date = fc.oneof(
  fc.constantFrom('2026-12-01', '2027-02-28', '2027-02-29', '2026-11-22', '2026-11-23', '2030-01-01', '', '01/12/2026'),
  fc.date({ min: new Date('2020-01-01'), max: new Date('2032-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  hostileString,
);
const choice = (values: readonly string[]) => fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 5 }, { arbitrary: anyField, weight: 1 });

/** `prefix.name` inputs, each present or left out. */
function form(prefix: string, fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v])), { requiredKeys: [] });
}

function prepPayloads(world: WritesWorld) {
  const caseId = world.preparingCaseId;
  const entry = fc.oneof({ arbitrary: fc.constantFrom(...world.entryIds, ''), weight: 4 }, { arbitrary: fc.constantFrom('e-missing', 'x'.repeat(200)), weight: 1 });
  return fc.oneof(
    form('goals', { personGoals: anyField, strengths: anyField, meetingGoal: anyField }).map((f) => ({ verb: VERBS.prepGoals, data: { caseId, ...f } })),
    form('consent', { consultation: choice(['yes', 'no', '']), sharing: choice(['yes', 'no', '']), method: choice(['phone', 'in_person', 'letter', '']) }).map((f) => ({
      verb: VERBS.prepConsent,
      data: { caseId, ...f },
    })),
    fc
      .tuple(
        entry,
        form('entry', {
          role: anyField,
          name: anyField,
          organisation: anyField,
          contact: anyField,
          user: choice(['', 'ffffffff-0000-4000-8000-00000000000f']),
          mandate: choice(['decides', 'advises', 'none', '']),
          invited: choice(['yes', 'no', '']),
          notInvitedReason: anyField,
          isSupporter: choice(['yes', '']),
        }),
      )
      .map(([entryId, f]) => ({ verb: VERBS.prepEntrySave, data: { caseId, entryId, ...f } })),
    entry.map((entryId) => ({ verb: VERBS.prepEntryRemove, data: { caseId, entryId } })),
  );
}

function reportPayloads(world: WritesWorld) {
  const caseId = world.heldCaseId;
  const who = choice([...world.entryIds, 'other', '']);
  const owner = choice([...world.entryIds.map((e) => `participant:${e}`), 'person', 'relative', '']);
  const inputs: Record<(typeof REPORT_SECTIONS)[number], fc.Arbitrary<Record<string, unknown>>> = {
    attendance: form('att', Object.fromEntries(world.entryIds.map((e) => [e, choice(['in_person', 'online', 'excused', 'absent', ''])]))),
    narrative: form('narr', { whatGoesWell: anyField, situation: anyField, decisions: anyField }),
    actions: form('act', { what: anyField, owner, name: anyField, due: date }),
    referent: form('ref', { entryId: who, confirmed: choice(['yes', 'no', '']) }),
    crisis_plan: form('crisis', { warningSigns: anyField, whatToDo: anyField, 'c1.who': who, 'c1.name': anyField, 'c1.how': anyField, 'c1.hours': choice(['in_office', 'out_of_office', 'in_office,out_of_office', '']) }),
    evaluation: form('eval', { who, how: anyField, date }),
  };
  return fc.constantFrom(...REPORT_SECTIONS).chain((section) => inputs[section].map((f) => ({ verb: VERBS.reportSave, data: { caseId, section, ...f } })));
}

/** The answer to a click: a card or a message, never the text of a handler that threw. */
function checkAnswered(res: { status: number; body: any }, what: string): void {
  check(res.status === 200, () => `${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  const value = res.body?.value;
  const said = typeof value === 'string' ? value : value?.type === 'AdaptiveCard' ? cardText(value) : null;
  check(said !== null && said.length > 0, () => `${what}: answered with ${JSON.stringify(res.body).slice(0, 300)}`);
  check(!UNEXPECTED.some((u) => said.includes(u)), () => `${what}: answered with the unexpected-error text (a handler threw)`);
}

interface Snapshot {
  caseVersions: Map<string, number>;
  reportVersions: Map<string, number>;
  /** Audit entries of changes, per case, oldest first. */
  writes: Map<string, AuditEntry[]>;
}

async function snapshot(world: WritesWorld): Promise<Snapshot> {
  const stores = world.h.bot.stores;
  const caseVersions = new Map<string, number>();
  const reportVersions = new Map<string, number>();
  const writes = new Map<string, AuditEntry[]>();
  for (const id of [world.preparingCaseId, world.heldCaseId]) {
    caseVersions.set(id, (await stores.cases.findById(id))!.version);
    for (const r of await stores.reports.listByCase(id)) reportVersions.set(`${id}:c${r.cycle}`, r.version);
    writes.set(id, (await stores.audit.listByCase(id)).filter((e) => !isRead(e)));
  }
  return { caseVersions, reportVersions, writes };
}

/**
 * Compares two snapshots: at most one document moved, by exactly one version, and exactly one
 * audit entry of a change came with it (by the organiser, on that case); nothing moved, no entry.
 */
function checkOnePiece(before: Snapshot, after: Snapshot, world: WritesWorld, what: string): 'changed' | 'unchanged' {
  const moved: { key: string; caseId: string; delta: number }[] = [];
  for (const [kind, b, a] of [['case', before.caseVersions, after.caseVersions], ['report', before.reportVersions, after.reportVersions]] as const) {
    check(a.size === b.size, () => `${what}: ${kind}s ${b.size} -> ${a.size}`);
    for (const [key, v] of a) {
      const delta = v - (b.get(key) ?? Number.NaN);
      if (delta !== 0) moved.push({ key: `${kind} ${key}`, caseId: key.split(':c')[0]!, delta });
    }
  }
  const entries: AuditEntry[] = [];
  for (const [id, list] of after.writes) {
    const had = before.writes.get(id)?.length ?? 0;
    check(list.length >= had, () => `${what}: audit entries of ${id} disappeared`);
    entries.push(...list.slice(had));
  }
  check(moved.length <= 1, () => `${what}: several documents changed: ${JSON.stringify(moved)}`);
  if (moved.length === 0) {
    check(entries.length === 0, () => `${what}: nothing changed but the audit trail says ${JSON.stringify(entries.map((e) => e.action))}`);
    return 'unchanged';
  }
  const [m] = moved;
  check(m!.delta === 1, () => `${what}: ${m!.key} moved by ${m!.delta} versions`);
  check(entries.length === 1, () => `${what}: ${m!.key} changed with ${entries.length} audit entries (${JSON.stringify(entries.map((e) => e.action))})`);
  check(entries[0]!.caseId === m!.caseId && entries[0]!.actorId === world.organiser.aadObjectId, () => `${what}: the audit entry names ${entries[0]!.caseId} by ${entries[0]!.actorId}`);
  return 'changed';
}

function organiserChanges(world: WritesWorld, name: string, payloads: fc.Arbitrary<{ verb: string; data: Record<string, unknown> }>): WriteProperty {
  return {
    name,
    property: fc.asyncProperty(payloads, async ({ verb, data }) => {
      const what = summarise(verb, data);
      const before = await snapshot(world);
      const res = await world.h.click(world.organiser, verb, data);
      await world.h.bot.dispatcher.idle();
      checkAnswered(res, what);
      checkOnePiece(before, await snapshot(world), world, what);
    }),
  };
}

export function listWriteProperties(world: WritesWorld): WriteProperty[] {
  return [
    organiserChanges(world, 'the organiser: preparation saves change the case and its audit trail together or not at all', prepPayloads(world)),
    organiserChanges(world, 'the organiser: report saves change the report and its audit trail together or not at all', reportPayloads(world)),
  ];
}
