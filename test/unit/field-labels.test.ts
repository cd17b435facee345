import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { LANGUAGES_OF_UI, makeTranslator, type MessageKey } from '../../adaptive-cards/i18n';
import { fieldLabel, fieldLabelCode, fieldLabelKey } from '../../adaptive-cards/views/intake-views';
import { describeError } from '../../bot/handlers/error-cards';
import { DomainError, isDomainError } from '../../domain/errors';
import {
  actionInputSchema,
  answerInputSchema,
  attendanceCorrectionInputSchema,
  attendanceInputSchema,
  crisisPlanInputSchema,
  evaluationInputSchema,
  narrativeInputSchema,
  reassignInputSchema,
  referentInputSchema,
} from '../../domain/report/report';
import { evaluationOutcomeInputSchema } from '../../domain/followup/evaluation';
import {
  answerCaseAction,
  correctCaseAttendance,
  evaluateCase,
  markMeetingHeld,
  reassignCaseAction,
  saveReportDraft,
  sendCaseReport,
  type DraftChange,
} from '../../domain/report/report-use-cases';
import { consentInputSchema, entryInputSchema, goalsInputSchema, preparedInputSchema } from '../../domain/case/preparation';
import { recordCaseConsent, recordCasePersonPrepared, saveCaseGoals, saveCaseNetworkEntry, type PreparationDeps } from '../../domain/case/preparation-use-cases';
import { organiserInputSchema } from '../../domain/case/organisers';
import { addOrganiser, type PoolDeps } from '../../domain/case/pool-and-assignment';
import {
  deadlineInputSchema,
  finaliseInputSchema,
  meetingGoalSchema,
  parseInput,
  patternInputSchema,
  pollOptionsSchema,
  slotInputSchema,
  voteInputSchema,
  type FinaliseInput,
  type PatternInput,
  type SlotInput,
  type VoteInput,
} from '../../domain/poll/inputs';
import { addDraftPattern, draftSlotsSchema, parseDraftSlots } from '../../domain/poll/poll-draft';
import { makeSlot } from '../../domain/poll/slots';
import { castVote, createPoll, finalisePoll, type NewPoll } from '../../domain/poll/rules';
import type { Poll } from '../../domain/poll/poll';
import { networkMemberSchema, networkSchema, personSchema, requesterSchema, situationSchema } from '../../domain/case/request';
import { REQUIRED_FIELDS } from '../../domain/case/eligibility';
import { saveDraftStep, type IntakeDeps } from '../../domain/intake/intake';
import type { IntakeStep, Stores } from '../../domain/ports';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import { makeDraft } from '../support/fixtures';
import { makeScheduledCase, ORGANISER as REPORT_ORGANISER, T0 as REPORT_T0 } from '../support/report-fixtures';
import { preparedCase, ORGANISER as PREP_ORGANISER, T0 as PREP_T0 } from '../support/preparation-fixtures';

/**
 * A refused card answer names its fields with the words of the card's inputs, in the user's
 * language, never with the codes the domain uses (`report.action.dueDate`). Every code any producer
 * of `validation.invalid` can emit is enumerated below, from the zod schemas themselves and the
 * codes written literally, so that a field added to a schema without a label fails here.
 */

// ---------------------------------------------------------------------------------------------
// Every code a producer can emit
// ---------------------------------------------------------------------------------------------

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);
const LEAVES = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'bigint', 'date', 'null', 'undefined']);

/**
 * The paths an issue of `schema` can have: the schema itself ([]), every object key at any depth
 * (list positions left out, as in the labels), down to `depth` keys (the producers that keep only
 * the first key of a path).
 */
function schemaPaths(schema: z.ZodType, depth = Number.POSITIVE_INFINITY): string[] {
  const paths = new Set<string>(['']);
  const walk = (s: z.ZodType, at: readonly string[]): void => {
    const def = defOf(s);
    if (def.type === 'object') {
      if (at.length >= depth) return;
      for (const [key, value] of Object.entries(def.shape ?? {})) {
        paths.add([...at, key].join('.'));
        walk(value, [...at, key]);
      }
    } else if (def.type === 'array') walk(def.element!, at);
    else if (def.type === 'union') for (const option of def.options ?? []) walk(option, at);
    else if (WRAPPERS.has(def.type)) walk(def.innerType!, at);
    else if (def.type === 'pipe') {
      walk(def.in!, at);
      walk(def.out!, at);
    } else if (!LEAVES.has(def.type)) throw new Error(`schemaPaths does not know zod type "${def.type}": teach it, so its fields are enumerated`);
  };
  walk(schema, []);
  return [...paths];
}

/** Each schema a card answer is parsed with, and the prefix its producer names the fields with. */
const PRODUCERS: ReadonlyArray<[prefix: string, schema: z.ZodType, depth?: number]> = [
  // domain/report/report.ts parseReportInput (full path), report-use-cases.ts evaluateCase (first key)
  ['report.attendance', attendanceInputSchema],
  ['report.correction', attendanceCorrectionInputSchema],
  ['report.narrative', narrativeInputSchema],
  ['report.action', actionInputSchema],
  ['report.referent', referentInputSchema],
  ['report.crisisPlan', crisisPlanInputSchema],
  ['report.evaluation', evaluationInputSchema],
  ['report.answer', answerInputSchema],
  ['report.reassign', reassignInputSchema],
  ['report.evaluationOutcome', evaluationOutcomeInputSchema, 1],
  // domain/case/preparation-use-cases.ts parseInput (first key)
  ['prep.consent', consentInputSchema, 1],
  ['prep.goals', goalsInputSchema, 1],
  ['prep.entry', entryInputSchema, 1],
  ['prep.prepared', preparedInputSchema, 1],
  // domain/case/pool-and-assignment.ts addOrganiser (first key)
  ['pool.add', organiserInputSchema, 1],
  // domain/poll/inputs.ts parseInput (full path), from poll-draft.ts, slots.ts, rules.ts, poll-use-cases.ts
  ['poll.slots', draftSlotsSchema],
  ['pattern', patternInputSchema],
  ['slot', slotInputSchema],
  ['poll.deadline', deadlineInputSchema],
  ['poll.meetingGoal', meetingGoalSchema],
  ['poll.options', pollOptionsSchema],
  ['vote', voteInputSchema],
  ['finalise', finaliseInputSchema],
  // domain/intake/intake.ts invalidFields (section and first key)
  ['requester', requesterSchema, 1],
  ['person', personSchema, 1],
  ['situation', situationSchema, 1],
  ['network', networkSchema, 1],
  ['member', networkMemberSchema, 1],
];

/** Codes written literally by the rules and handlers (grep `validation.invalid`), and the required fields of `draft.incomplete`. */
const LITERAL_CODES = [
  'report.cycle', // report/draft.ts
  'report.action.id', // report/draft.ts
  'prep.goals.meetingGoal', // case/preparation-rules.ts
  'prep.referent.entryId', // bot/handlers/preparation-handlers.ts
  'poll.cycle', // poll/rules.ts
  'poll.previous',
  'poll.participants',
  'poll.deadline',
  'vote.slotId',
  'vote.answer', // poll/poll-use-cases.ts
  'evaluation.caseId', // followup/evaluation.ts
  'network.members', // intake/intake.ts
  'person.birthDate',
  ...REQUIRED_FIELDS,
];

const ALL_CODES = [...new Set([...PRODUCERS.flatMap(([prefix, schema, depth]) => schemaPaths(schema, depth).map((p) => (p ? `${prefix}.${p}` : prefix))), ...LITERAL_CODES])].sort();
const KNOWN = new Set(ALL_CODES.map(fieldLabelCode));

/** Something that reads like a field code or a message key: 'report.action', 'dueDate.x' (not "e.g."). */
const CODE_LIKE = /[a-z][A-Za-z]*\.[a-z][A-Za-z]+/;

/** Words of a text, for comparing a label with a card's: case, stars, {placeholders} and punctuation left out. */
const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/\{\w+\}/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** The label of a code has the words of the input's label on the card that sends it. */
const CARD_WORDS: Readonly<Record<string, MessageKey>> = {
  'report.correction.line.participantId': 'report.correct.who',
  'report.correction.line.status': 'report.correct.status',
  'report.correction.reason': 'report.correct.reason',
  'report.narrative.whatGoesWell': 'report.narrative.whatGoesWell',
  'report.narrative.situation': 'report.narrative.situation',
  'report.narrative.decisions': 'report.narrative.decisions',
  'report.action.what': 'report.action.what',
  'report.action.owner': 'report.action.owner',
  'report.action.owner.entryId': 'report.action.owner',
  'report.action.owner.name': 'report.action.name',
  'report.action.dueDate': 'report.action.due',
  'report.referent.entryId': 'report.referent.label',
  'report.referent.confirmed': 'report.referent.confirmedLabel',
  'report.crisisPlan.warningSigns': 'report.crisis.warningSigns',
  'report.crisisPlan.whatToDo': 'report.crisis.whatToDo',
  'report.crisisPlan.contacts.0.entryId': 'report.crisis.who',
  'report.crisisPlan.contacts.1.name': 'report.crisis.name',
  'report.crisisPlan.contacts.0.how': 'report.crisis.how',
  'report.crisisPlan.contacts.0.inOfficeHours': 'report.crisis.hours',
  'report.evaluation.who': 'report.evaluation.who',
  'report.evaluation.how': 'report.evaluation.how',
  'report.evaluation.date': 'report.evaluation.date',
  'report.answer.newDueDate': 'actions.newDate',
  'report.answer.reason': 'actions.why',
  'report.reassign.owner': 'report.action.owner',
  'report.reassign.owner.name': 'report.action.name',
  'report.reassign.dueDate': 'report.action.due',
  'report.evaluationOutcome.agreementsMet': 'evaluation.met',
  'report.evaluationOutcome.enough': 'evaluation.enough',
  'report.evaluationOutcome.decision': 'evaluation.decision',
  'report.evaluationOutcome.reason': 'evaluation.reason',
  'pool.add.id': 'pool.add.id',
  'pool.add.name': 'pool.add.name',
  'pool.add.email': 'pool.add.email',
  'pool.add.languages': 'pool.add.languages',
  'pool.add.background': 'pool.add.background',
  'poll.slots.0.date': 'poll.create.date',
  'poll.slots.0.start': 'poll.create.start',
  'poll.slots.0.end': 'poll.create.end',
  'poll.slots.0.place': 'poll.create.place',
  'pattern.start': 'poll.create.start',
  'pattern.place.kind': 'poll.create.place',
  'slot.place.kind': 'poll.create.place',
  'poll.options.resultsVisibleToOrganiserOnly': 'poll.option.hideResults',
  'poll.options.participantsMayProposeSlots': 'poll.option.allowProposals',
  'finalise.slotId': 'poll.manage.choose',
  'finalise.confirmRequiredNo': 'poll.confirm.yes',
  'member.role': 'field.network.memberRole',
  'member.name': 'field.network.memberName',
  'member.organisation': 'field.network.memberOrganisation',
  'member.contact': 'field.network.memberContact',
  requester: 'intake.step.requester',
  person: 'intake.step.person',
  situation: 'intake.step.situation',
  network: 'intake.step.network',
};

describe('the enumeration of field codes', () => {
  it('finds the fields of the schemas, list items and alternatives included', () => {
    for (const code of ['report.action.dueDate', 'report.action.owner.kind', 'report.crisisPlan.contacts.how', 'report.answer.newDueDate', 'report.correction.line.participantId', 'poll.slots.place.url', 'prep.entry.userId', 'pool.add.background', 'requester', 'member.name']) {
      expect([code, ALL_CODES.includes(code)]).toEqual([code, true]);
    }
    // producers that keep only the first key of a path
    for (const [prefix, schema, depth] of PRODUCERS) {
      if (depth !== undefined) expect([prefix, schemaPaths(schema, depth).filter((p) => p.split('.').length > depth)]).toEqual([prefix, []]);
    }
    expect(schemaPaths(actionInputSchema, 1)).not.toContain('owner.kind');
    expect(ALL_CODES.length).toBeGreaterThan(150);
  });

  it('keys a label without list positions and without the empty segment of a whole-form issue', () => {
    expect(fieldLabelCode('report.crisisPlan.contacts.0.how')).toBe('report.crisisPlan.contacts.how');
    expect(fieldLabelCode('poll.slots.12.place.url')).toBe('poll.slots.place.url');
    expect(fieldLabelCode('prep.goals.')).toBe('prep.goals');
    expect(fieldLabelCode('report.evaluationOutcome.')).toBe('report.evaluationOutcome');
    expect(fieldLabelCode('pool.add.undefined')).toBe('pool.add');
  });
});

describe.each(LANGUAGES_OF_UI)('field labels in %s', (lang) => {
  const t = makeTranslator(lang);
  const fallback = t('field.unknown');

  it.each(ALL_CODES)('labels %s with its own words, never a code', (code) => {
    expect(fieldLabelKey(code)).toBe(`field.${fieldLabelCode(code)}`);
    const label = fieldLabel(t, code);
    expect(label.trim()).not.toBe('');
    expect(label).not.toBe(fallback);
    expect(label).not.toMatch(CODE_LIKE);
    expect(label).not.toContain('field.');
    const labelCode = fieldLabelCode(code);
    if (labelCode.includes('.')) expect(label).not.toContain(labelCode);
    // a raw key: the code's last segment as it is, or any camelCase identifier ('dueDate', 'entryId')
    expect(label).not.toBe(labelCode.split('.').at(-1));
    expect(label).not.toMatch(/\b[a-z]+[A-Z]\w*/);
    expect(label).not.toMatch(/\*$/);
  });

  it.each(Object.entries(CARD_WORDS))('labels %s with the words of the card input %s', (code, cardKey) => {
    const label = words(fieldLabel(t, code));
    const missing = words(t(cardKey)).filter((w) => !label.includes(w));
    expect([code, missing]).toEqual([code, []]);
  });

  it.each([
    ['a code nobody labelled', 'something.else.entirely'],
    ['an empty code', ''],
    ['a list position only', '0'],
  ])('says "an answer on this card" for %s', (_what, code) => {
    expect(fieldLabel(t, code)).toBe(fallback);
    expect(fallback).not.toMatch(CODE_LIKE);
  });

  it('names a whole intake section by its step, not by its code', () => {
    expect(fieldLabel(t, 'requester')).toBe(t('intake.step.requester'));
    expect(fieldLabel(t, 'network')).toBe(t('intake.step.network'));
    expect(fieldLabel(t, 'requester')).not.toBe('requester');
  });

  it('names a field added to a form later by its form, not by its code', () => {
    expect(fieldLabel(t, 'report.action.priority')).toBe(fieldLabel(t, 'report.action'));
    expect(fieldLabel(t, 'prep.entry.nickname')).toBe(fieldLabel(t, 'prep.entry'));
  });

  it('drops the required star and names each field once in the error text', () => {
    const text = describeError(t, new DomainError('validation.invalid', { fields: ['prep.consent.method', 'report.action.owner', 'report.action.owner.kind'] }));
    expect(text).toContain(fieldLabel(t, 'prep.consent.method'));
    expect(text).not.toContain('*');
    expect(text.split(fieldLabel(t, 'report.action.owner')).length - 1).toBe(1);
    expect(describeError(t, new DomainError('validation.invalid'))).toContain(fallback);
  });
});

// ---------------------------------------------------------------------------------------------
// Wrong payloads through the real parse functions: every field named has a label of its own
// ---------------------------------------------------------------------------------------------

/** The fields a refused answer names; fails when the answer was accepted or refused otherwise. */
async function refusedFields(run: () => unknown): Promise<string[]> {
  try {
    await run();
  } catch (err) {
    if (isDomainError(err) && err.code === 'validation.invalid') {
      const fields = err.params.fields;
      if (!Array.isArray(fields)) throw new Error('validation.invalid without fields');
      return [...(fields as readonly string[])];
    }
    throw err;
  }
  throw new Error('the payload was accepted');
}

/** Each field has a label of its own (not its form's, not "an answer on this card"), and the error text shows no code. */
function expectLabelled(fields: readonly string[]): void {
  expect(fields.length).toBeGreaterThan(0);
  for (const field of fields) {
    expect([field, fieldLabelKey(field)]).toEqual([field, `field.${fieldLabelCode(field)}`]);
    expect([field, KNOWN.has(fieldLabelCode(field))]).toEqual([field, true]);
  }
  for (const lang of LANGUAGES_OF_UI) {
    const t = makeTranslator(lang);
    const text = describeError(t, new DomainError('validation.invalid', { fields }));
    expect([fields, CODE_LIKE.exec(text)?.[0] ?? null]).toEqual([fields, null]);
    expect(text).not.toContain(t('field.unknown'));
  }
}

const BAD_OWNERS = [{ kind: 'boss' }, { kind: 'participant' }, { kind: 'relative' }, { kind: 'person', entryId: 'e-gp', name: 'x' }, { kind: 'participant', entryId: 'e-gp', name: 'x' }];

describe('wrong report answers, actions answers and evaluations', () => {
  let stores: Stores;
  let dir: string;
  let n = 0;
  const ids = { newId: () => `id-${++n}` };
  const actor = { userId: REPORT_ORGANISER, isCoordinator: false };
  const reach = { serviceUrl: 'https://smba.example/', botId: 'bot', tenantId: 't' };
  let draftCase: string;
  let sentCase: string;
  let actionId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-field-labels-'));
    stores = await openEmbeddedStores(dir);
    const deps = { stores, ids };
    const draft = makeScheduledCase();
    await stores.cases.insert(draft);
    await markMeetingHeld(deps, actor, draft.id, REPORT_T0);
    draftCase = draft.id;

    const sent = makeScheduledCase();
    await stores.cases.insert(sent);
    await markMeetingHeld(deps, actor, sent.id, REPORT_T0);
    const write = (change: DraftChange) => saveReportDraft(deps, actor, sent.id, change, REPORT_T0);
    await write({ section: 'attendance', input: { lines: ['e-gp', 'e-nurse', 'e-sis'].map((participantId) => ({ participantId, status: 'present', mode: 'in_person' })) } });
    await write({ section: 'narrative', input: { decisions: ['Home care'] } });
    await write({ section: 'action_add', input: { what: 'Physio', owner: { kind: 'participant', entryId: 'e-gp' }, dueDate: '2026-11-27' } });
    await write({ section: 'crisis_plan', input: { warningSigns: 'x', whatToDo: 'y', contacts: [{ entryId: 'e-gp', how: '02', inOfficeHours: true, outOfOfficeHours: true }] } });
    const { report } = await write({ section: 'evaluation', input: { who: 'e-nurse', how: 'call', date: '2027-01-15' } });
    await sendCaseReport(deps, actor, sent.id, reach, REPORT_T0);
    sentCase = sent.id;
    actionId = report.actions[0]!.id;
  });
  afterAll(async () => {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const draftChanges: Array<[string, DraftChange]> = [
    ...[{}, 'x', { lines: [] }, { lines: [{ participantId: 'e-gp', status: 'present' }] }, { lines: [{ participantId: '', status: 'late', mode: 'bus' }] }, { lines: [{ participantId: 'e-gp', status: 'absent', mode: 'online' }], more: 1 }].map(
      (input): [string, DraftChange] => ['attendance', { section: 'attendance', input }],
    ),
    ...[{}, { decisions: 'x' }, { whatGoesWell: 5, situation: '', decisions: [''], more: 1 }].map((input): [string, DraftChange] => ['narrative', { section: 'narrative', input }]),
    ...[{}, null, { what: '', owner: { kind: 'boss' }, dueDate: '2026-02-30' }, { what: 'x', owner: 'e-gp', dueDate: 20261201 }, ...BAD_OWNERS.map((owner) => ({ what: 'x', owner, dueDate: '2026-12-01' }))].map(
      (input): [string, DraftChange] => ['action', { section: 'action_add', input }],
    ),
    ['action edited', { section: 'action_edit', actionId: 'no-such-action', input: { what: 'x', dueDate: 'soon' } }],
    ...[{}, { entryId: 'not an id!', confirmed: 'yes' }].map((input): [string, DraftChange] => ['referent', { section: 'referent', input }]),
    ...[
      {},
      { warningSigns: '', whatToDo: 3, contacts: [{ how: 'x' }] },
      { warningSigns: 'a', whatToDo: 'b', contacts: [{ entryId: 'e-gp', how: '02', inOfficeHours: true, outOfOfficeHours: false }, { entryId: 'e-gp', name: 'x', how: '02', inOfficeHours: true, outOfOfficeHours: false }] },
      { warningSigns: 'a', whatToDo: 'b', contacts: [{ name: 'Crisis line', how: 'a\nb', inOfficeHours: 'yes', outOfOfficeHours: true, extra: 1 }] },
      { warningSigns: 'a', whatToDo: 'b', contacts: 'the GP' },
    ].map((input): [string, DraftChange] => ['crisis plan', { section: 'crisis_plan', input }]),
    ...[{}, { who: '', how: '', date: '2026-13-01' }, { who: 'e-gp', how: 'call', date: '15/01/2027' }].map((input): [string, DraftChange] => ['evaluation', { section: 'evaluation', input }]),
  ];

  it.each(draftChanges)('a wrong %s: %j', async (_form, change) => {
    expectLabelled(await refusedFields(() => saveReportDraft({ stores, ids }, actor, draftCase, change, REPORT_T0)));
  });

  it.each([{}, 'done', { answer: 'maybe' }, { answer: 'not_done_yet', newDueDate: 'tomorrow' }, { answer: 'not_done_yet' }, { answer: 'blocked' }, { answer: 'blocked', reason: '' }, { answer: 'done', reason: 'x' }])(
    'a wrong answer on an action: %j',
    async (input) => {
      expectLabelled(await refusedFields(() => answerCaseAction({ stores, ids }, actor, sentCase, actionId, input, reach, REPORT_T0)));
    },
  );

  it.each([{}, { owner: { kind: 'participant' }, dueDate: 'x' }, ...BAD_OWNERS.map((owner) => ({ owner, dueDate: '2027-02-29' })), { owner: { kind: 'relative', name: '' }, extra: 1 }])(
    'a wrong reassignment: %j',
    async (input) => {
      expectLabelled(await refusedFields(() => reassignCaseAction({ stores, ids }, actor, sentCase, actionId, input, reach, REPORT_T0)));
    },
  );

  it.each([{}, { line: { participantId: '', status: 'gone' }, reason: 5 }, { line: { participantId: 'e-gp', status: 'present' }, reason: 'x' }, { line: 'e-gp', reason: 'x', more: 1 }])(
    'a wrong attendance correction: %j',
    async (input) => {
      expectLabelled(await refusedFields(() => correctCaseAttendance({ stores, ids }, actor, sentCase, input, REPORT_T0)));
    },
  );

  it.each([{}, 'x', { agreementsMet: 'most', enough: 'yes', decision: 'stop', reason: 3 }, { agreementsMet: 'all', enough: true, decision: 'close', extra: 1 }])('a wrong evaluation: %j', async (input) => {
    expectLabelled(await refusedFields(() => evaluateCase({ stores, ids }, actor, sentCase, input, REPORT_T0)));
  });

  it('names the report fields as the card does, in every language', async () => {
    const fields = await refusedFields(() => saveReportDraft({ stores, ids }, actor, draftCase, { section: 'action_add', input: { what: 'x', owner: { kind: 'participant', entryId: 'e-gp' }, dueDate: '2026-02-30' } }, REPORT_T0));
    expect(fields).toEqual(['report.action.dueDate']);
    const texts = Object.fromEntries(LANGUAGES_OF_UI.map((lang) => [lang, describeError(makeTranslator(lang), new DomainError('validation.invalid', { fields }))]));
    expect(texts).toEqual({
      en: 'Some answers could not be accepted: By when',
      nl: 'Sommige antwoorden konden niet worden aanvaard: Tegen wanneer',
      fr: 'Certaines réponses n’ont pas pu être acceptées\u00a0: Pour quand',
    });
  });
});

describe('wrong preparation answers', () => {
  const c = preparedCase();
  const deps = { stores: { cases: { findById: async () => c } }, ids: { newId: () => 'new-entry' } } as unknown as PreparationDeps;
  const actor = { userId: PREP_ORGANISER, isCoordinator: false };

  it.each([{}, 'x', { consultation: 'yes', sharing: 1, method: 'telepathy' }, { consultation: true, sharing: true, method: 'phone', more: 1 }])('a wrong consent: %j', async (input) => {
    expectLabelled(await refusedFields(() => recordCaseConsent(deps, actor, c.id, input, PREP_T0)));
  });

  it.each([{}, { meetingGoal: 'a\nb', personGoals: 4, strengths: '' }, { meetingGoal: '   ' }, { meetingGoal: 'x', more: 1 }])('wrong goals: %j', async (input) => {
    expectLabelled(await refusedFields(() => saveCaseGoals(deps, actor, c.id, input, PREP_T0)));
  });

  it.each([
    {},
    { role: '', name: 'x', invited: 'yes', isSupporter: false, mandate: 'boss', userId: 'not an id!', contact: 'a\nb', organisation: 5, notInvitedReason: '' },
    { role: 'GP', name: 'x', invited: true, isSupporter: false, more: 1 },
  ])('a wrong network member: %j', async (input) => {
    expectLabelled(await refusedFields(() => saveCaseNetworkEntry(deps, actor, c.id, null, input, PREP_T0)));
  });

  it.each([{}, { explainedWhat: false, explainedWhy: 'yes' }])('a wrong preparation of the person: %j', async (input) => {
    expectLabelled(await refusedFields(() => recordCasePersonPrepared(deps, actor, c.id, input, PREP_T0)));
  });
});

describe('a wrong organiser for the pool', () => {
  const deps = { stores: {} } as unknown as PoolDeps;
  it.each([{}, 'x', { id: 'not an id!', name: '', email: 'nope', languages: ['xx'], background: '?' }, { id: 'a', name: 'b', languages: [], background: 'social_worker', more: 1 }])('%j', async (input) => {
    expectLabelled(await refusedFields(() => addOrganiser(deps, { userId: 'coord', isCoordinator: true }, input, PREP_T0)));
  });
});

describe('wrong poll answers', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const slot = { date: '2026-12-01', start: '10:00', end: '11:00', place: { kind: 'address', text: 'Rue Haute 1' } };
  const poll = { status: 'open', organiserId: 'o' } as unknown as Poll;
  const newPoll = (changes: object): NewPoll =>
    ({ id: 'p', caseId: 'c', cycle: 1, organiserId: 'o', meetingGoal: 'Agree', slots: [slot], participants: [], deadline: now, options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false }, ...changes }) as unknown as NewPoll;

  it.each([
    'x',
    [{}],
    [{ ...slot, date: '2026-02-30', start: '25:00', end: 'x', place: { kind: 'online', url: 'http://x' } }],
    [slot, { ...slot, place: { kind: 'address', text: '' }, more: 1 }],
    [{ ...slot, place: { kind: 'boat' } }],
    [{ ...slot, place: 'Rue Haute 1' }],
  ])('wrong slots of a draft: %j', async (raw) => {
    expectLabelled(await refusedFields(() => parseDraftSlots(raw)));
  });

  it.each([
    {},
    { from: 'x', until: 'y', weekdays: [9], start: '', end: '', place: { kind: 'address', text: '' } },
    { from: '2026-12-10', until: '2026-12-01', weekdays: [], start: '10:00', end: '11:00', place: { kind: 'online', url: 'ftp://x' } },
  ])('a wrong repeated pattern: %j', async (raw) => {
    expectLabelled(await refusedFields(() => addDraftPattern([], raw as PatternInput, now)));
  });

  it.each([{}, { date: 1, start: '10:00', end: '11:00', place: 'here' }, { ...slot, place: { kind: 'online', text: 'x' } }])('a wrong slot or proposal: %j', async (raw) => {
    expectLabelled(await refusedFields(() => makeSlot(raw as SlotInput, 's')));
  });

  it.each([{}, 'x', { date: '2026-12-01', time: '9h' }, { date: '2026-12-01', time: '09:00', more: 1 }])('a wrong deadline: %j', async (raw) => {
    expectLabelled(await refusedFields(() => parseInput(deadlineInputSchema, raw, 'poll.deadline')));
  });

  it.each([{ meetingGoal: '' }, { meetingGoal: 7 }, { options: {} }, { options: { resultsVisibleToOrganiserOnly: 'no', participantsMayProposeSlots: true, more: 1 } }, { cycle: 0 }])('a wrong new poll: %j', async (changes) => {
    expectLabelled(await refusedFields(() => createPoll(newPoll(changes), () => 's', null, now)));
  });

  it.each([{}, 'yes', { participantId: '', slotId: 5, answer: 'maybe' }, { participantId: 'p', slotId: 's', answer: 'yes', weight: 9 }])('a wrong vote: %j', async (raw) => {
    expectLabelled(await refusedFields(() => castVote(poll, raw as VoteInput, 'o', now)));
  });

  it.each([{}, { slotId: '', confirmRequiredNo: 'yes' }, { slotId: 's', more: 1 }])('a wrong choice of date: %j', async (raw) => {
    expectLabelled(await refusedFields(() => finalisePoll(poll, [], raw as FinaliseInput, 'o', now)));
  });
});

describe('wrong intake answers', () => {
  const draft = makeDraft({ ownerId: 'u' });
  const deps = { stores: { drafts: { findById: async () => draft } }, ids: { newId: () => 'x' } } as unknown as IntakeDeps;
  const caller = { userId: 'u', tenantId: null, locale: 'nl-BE' };

  it.each([
    ['requester', 'x', undefined],
    ['requester', { role: 'boss', more: 1 }, undefined],
    ['person', { birthDate: '2026-02-30', languages: [], postcode: '12', interpreterNeeded: 'perhaps' }, undefined],
    ['situation', { urgency: 'now', domains: ['x'] }, undefined],
    ['network', { consent: 'maybe' }, { role: '', name: 5 }],
    ['network', {}, 'Dr. Janssens'],
  ] as Array<[IntakeStep, unknown, unknown]>)('a wrong %s step: %j', async (step, answers, newMember) => {
    const fields = await refusedFields(() => saveDraftStep(deps, caller, { draftId: draft.id, expectedVersion: null, step, answers, move: 'next', newMember }, new Date('2026-11-23T10:00:00Z')));
    expectLabelled(fields);
  });
});
