import fc from 'fast-check';
import { ALL_VERBS, VERBS } from '../../adaptive-cards/verbs';
import { translate } from '../../adaptive-cards/i18n';
import { parseCommand } from '../../bot/commands';
import { readCommandText } from '../../bot/turn-info';
import { readSectionInputs, toSectionAnswers } from '../../bot/card-payloads';
import { NETWORK_MAX, networkMemberSchema, networkSchema } from '../../domain/case/request';
import type { Draft } from '../../domain/ports';
import { cardText, type User } from '../support/bot-harness';
import { GOOD_INPUTS } from '../support/intake-driver';
import type { FuzzWorld } from './fuzz-world';
import { hostileString, hostileValue, locale, mutatedValidPayload, randomPayload, validMove } from './payload-arbitraries';
import { listChangedFiles, diffDocuments, readDocuments, readFileSizes } from './store-files';

/**
 * The fuzzing properties, shared by the test suite (a few hundred runs, fixed seed) and the
 * benchmark (10,000 runs each). Each one sends its payload over HTTP to the running bot and checks
 * the answer and the store on disk.
 */
export interface VerbProperty {
  name: string;
  property: fc.IAsyncProperty<any>;
}

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const UNEXPECTED = (['en', 'nl', 'fr'] as const).map((lang) => translate(lang, 'error.unexpected'));

function check(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new Error(message());
}

/** The server's body limit (bot/server.ts): a bigger body is refused before the bot sees it. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The activity around a payload: a payload this close to the limit may tip the body over it. */
const ENVELOPE_BYTES = 4 * 1024;

/**
 * An invoke must get a 200 with a card or a short message, and never "something went wrong on our
 * side"; only a body beyond the server's limit may be refused outright (413).
 */
function checkAnswered(res: { status: number; body: any }, what: string, sentBytes: number): void {
  if (sentBytes > MAX_BODY_BYTES - ENVELOPE_BYTES && res.status === 413) return;
  check(res.status === 200, () => `${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  const type = res.body?.type;
  check(type === CARD || type === MESSAGE, () => `${what}: answered with ${JSON.stringify(res.body).slice(0, 300)}`);
  if (type === CARD) check(res.body.value?.type === 'AdaptiveCard', () => `${what}: not an Adaptive Card`);
  else check(typeof res.body.value === 'string' && res.body.value.length > 0, () => `${what}: an empty message`);
  const text = type === CARD ? cardText(res.body.value) : String(res.body.value);
  check(!UNEXPECTED.some((u) => text.includes(u)), () => `${what}: answered with the unexpected-error text (a handler threw)`);
}

function checkNothingWritten(world: FuzzWorld, before: Record<string, number>, what: string): void {
  const changed = listChangedFiles(before, readFileSizes(world.h.dataDir));
  check(changed.length === 0, () => `${what}: wrote to ${changed.join(', ')}`);
}

/** Roughly what the request weighs: the payload is nearly all of it. */
const measureBytes = (data: unknown) => Buffer.byteLength(JSON.stringify(data) ?? '');

/** What a payload is, for a failure message (without megabytes of it). */
function summarise(verb: string, data: unknown): string {
  const json = JSON.stringify(data) ?? String(data);
  return `${verb} ${json.length > 300 ? `${json.slice(0, 300)}... (${json.length} chars)` : json}`;
}

/** Removes the draft `user` just opened, so that they own nothing again; checks it was the only write. */
async function undoOpenedDraft(world: FuzzWorld, user: User, before: { sizes: Record<string, number>; drafts: Map<string, Record<string, unknown>> }, what: string): Promise<void> {
  const elsewhere = listChangedFiles(before.sizes, readFileSizes(world.h.dataDir)).filter((f) => f !== 'drafts.db');
  check(elsewhere.length === 0, () => `${what}: opening a draft also wrote to ${elsewhere.join(', ')}`);
  const draftsBefore = before.drafts;
  const { added, removed, changed } = diffDocuments(draftsBefore, readDocuments(world.h.dataDir, 'drafts'));
  check(added.length === 1 && removed.length === 0 && changed.length === 0, () => `${what}: expected one new draft, got ${JSON.stringify({ added: added.length, removed, changed })}`);
  check(added[0]!.ownerId === user.aadObjectId && added[0]!.status === 'open', () => `${what}: the new draft is not the caller's own open draft`);
  await world.h.bot.stores.drafts.delete(String(added[0]!._id));
}

/**
 * 1. A user who owns no draft, is no coordinator and is on no case: whatever verb and payload
 *    they send (random, or shaped like the real ones with the owner's ids), in a chat or on a
 *    channel card, the answer is a card or a message and nothing is written. "intake.start" opens
 *    their own draft, and only that.
 */
function strangerSendsAnything(world: FuzzWorld): VerbProperty {
  const payload = fc.oneof(randomPayload, mutatedValidPayload(world.foreignIds));
  return {
    name: 'a stranger: any verb, any payload, writes nothing (intake.start: one own draft)',
    property: fc.asyncProperty(fc.constantFrom(...ALL_VERBS), payload, locale, fc.boolean(), async (verb, data, loc, inChannel) => {
      const what = summarise(verb, data);
      const opensDraft = verb === VERBS.intakeStart && !inChannel;
      const sizes = readFileSizes(world.h.dataDir);
      const drafts = opensDraft ? readDocuments(world.h.dataDir, 'drafts') : new Map();
      const res = await world.h.click(world.stranger, verb, data as object, { locale: loc, inChannel });
      await world.h.bot.dispatcher.idle();
      checkAnswered(res, what, measureBytes(data));
      if (opensDraft) await undoOpenedDraft(world, world.stranger, { sizes, drafts }, what);
      else checkNothingWritten(world, sizes, what);
    }),
  };
}

type Poison =
  | { kind: 'draftId'; value: unknown }
  | { kind: 'staleVersion'; delta: number }
  | { kind: 'badVersion'; value: unknown }
  | { kind: 'badStep'; value: unknown }
  | { kind: 'badMove'; value: unknown }
  | { kind: 'badInput'; field: string; value: unknown }
  | { kind: 'badIndex'; value: unknown };

const SECTION_STEPS = ['requester', 'person', 'situation', 'network'] as const;
type SectionStep = (typeof SECTION_STEPS)[number];

/** Values an input may never hold: not a string (Teams sends strings), or longer than any field. */
const badInputValue = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.string({ minLength: 20_001, maxLength: 20_100 }),
);
const notADraftId = (world: FuzzWorld) =>
  fc.oneof(fc.constantFrom(world.submittedDraftId, world.caseId, 'not-a-draft', 'has space', ''), fc.uuid(), hostileValue.filter((v) => v !== world.openDraftId));
const notAVersion = fc.oneof(fc.constantFrom(0, -1, 1.5, 'latest', '', '1e999', 1e12), hostileString.filter((s) => !/^\s*\d+\s*$/.test(s)));
const notAStep = hostileValue.filter((v) => typeof v !== 'string' || !['requester', 'person', 'situation', 'network', 'summary'].includes(v));
const notAMove = hostileValue.filter((v) => typeof v !== 'string' || !['next', 'back', 'stay'].includes(v));

/** Input ids a step reads and refuses when malformed (a typed-but-not-added member is read leniently). */
const strictInputsOf = (step: SectionStep) => Object.keys(GOOD_INPUTS[step]).filter((k) => !k.startsWith('member.'));

function makePoisonedRecipe(world: FuzzWorld) {
  const draftId = notADraftId(world).map((value): Poison => ({ kind: 'draftId', value }));
  const stale = fc.integer({ min: -3, max: 5 }).filter((d) => d !== 0).map((delta): Poison => ({ kind: 'staleVersion', delta }));
  const badVersion = notAVersion.map((value): Poison => ({ kind: 'badVersion', value }));
  const badStep = notAStep.map((value): Poison => ({ kind: 'badStep', value }));
  const badMove = notAMove.map((value): Poison => ({ kind: 'badMove', value }));
  const badIndex = fc.oneof(fc.integer({ min: -5, max: 40 }), hostileValue).map((value): Poison => ({ kind: 'badIndex', value }));
  const badInput = (step: SectionStep) =>
    fc.tuple(fc.constantFrom(...strictInputsOf(step)), badInputValue).map(([field, value]): Poison => ({ kind: 'badInput', field, value }));
  const memberInput = fc
    .tuple(fc.constantFrom('member.role', 'member.name', 'network.consent'), badInputValue)
    .map(([field, value]): Poison => ({ kind: 'badInput', field, value }));
  const step = fc.constantFrom(...SECTION_STEPS);
  return fc.oneof(
    step.chain((s) => fc.record({ verb: fc.constant(VERBS.intakeSave), step: fc.constant(s), poison: fc.oneof(draftId, stale, badVersion, badStep, badMove, badInput(s)) })),
    fc.record({ verb: fc.constant(VERBS.intakeGoto), step, poison: fc.oneof(draftId, badStep) }),
    fc.record({ verb: fc.constant(VERBS.intakeAddMember), step: fc.constant('network' as SectionStep), poison: fc.oneof(draftId, stale, badVersion, memberInput) }),
    fc.record({ verb: fc.constant(VERBS.intakeRemoveMember), step: fc.constant('network' as SectionStep), poison: fc.oneof(draftId, stale, badVersion, badIndex) }),
    fc.record({ verb: fc.constant(VERBS.intakeSubmit), step, poison: fc.oneof(draftId, stale, badVersion) }),
    fc.record({ verb: fc.constant(VERBS.draftDiscard), step, poison: draftId }),
  );
}

/** A valid payload of `verb` for the draft as stored now, then spoiled by `poison`. */
function poisonPayload(recipe: { verb: string; step: SectionStep; poison: Poison }, draft: Draft, move: string, extra: Record<string, unknown>) {
  const inputs: Record<string, unknown> = { ...GOOD_INPUTS[recipe.step], 'member.role': 'GP', 'member.name': 'Dr. A' };
  const data: Record<string, unknown> = { ...extra, ...inputs, draftId: draft.id, v: draft.version, step: recipe.step, move, index: 0 };
  const p = recipe.poison;
  if (p.kind === 'draftId') data.draftId = p.value;
  if (p.kind === 'staleVersion') {
    const stale = draft.version + p.delta;
    data.v = stale >= 1 && stale !== draft.version ? stale : draft.version + 1;
  }
  if (p.kind === 'badVersion') data.v = p.value;
  if (p.kind === 'badStep') data.step = p.value;
  if (p.kind === 'badMove') data.move = p.value;
  if (p.kind === 'badInput') data[p.field] = p.value;
  if (p.kind === 'badIndex') data.index = p.value;
  return data;
}

/**
 * 2. The owner, against their own open draft: a payload that must be refused (another draft's
 *    id, a stale or malformed version, an unknown step or move, an input of the wrong type or
 *    beyond any size, a member index that is not there) is answered, and nothing is written.
 */
function ownerSendsPoisonedPayloads(world: FuzzWorld): VerbProperty {
  const extra = mutatedValidPayload(world.foreignIds).map((d) => {
    // extra fields may not carry the key fields: the recipe decides those
    const { draftId, v, step, move, index, ...rest } = d;
    return rest;
  });
  return {
    name: 'the owner: a payload that must be refused changes nothing',
    property: fc.asyncProperty(makePoisonedRecipe(world), validMove, extra, fc.boolean(), async (recipe, move, more, inChannel) => {
      const draft = await world.h.bot.stores.drafts.findById(world.openDraftId);
      check(draft, () => 'the open draft is gone');
      const data = poisonPayload(recipe, draft, move, more);
      const what = `${summarise(recipe.verb, data)} (poison ${recipe.poison.kind})`;
      const sizes = readFileSizes(world.h.dataDir);
      const res = await world.h.click(world.owner, recipe.verb, data, { inChannel });
      await world.h.bot.dispatcher.idle();
      checkAnswered(res, what, measureBytes(data));
      checkNothingWritten(world, sizes, what);
    }),
  };
}

/** A member as typed into the card: sometimes valid, sometimes empty, sometimes not acceptable. */
const memberText = fc.oneof(
  { arbitrary: fc.constantFrom('GP', 'Dr. Peeters', 'Home nursing', '02 000 00 00', 'Sœur Marie-José'), weight: 4 },
  { arbitrary: fc.constant(''), weight: 2 },
  { arbitrary: hostileString.filter((s) => s.length <= 20_000), weight: 2 },
);
const consentText = fc.oneof(fc.constantFrom('yes', 'no', 'not_yet_asked', ''), hostileString.filter((s) => s.length <= 20_000));

/**
 * 3. The owner saves the network step of a request ("next", "back", "save for later" with a member
 *    typed but not yet added) or adds a member ("add to the network"), with a consent answer:
 *    either the member and the consent are both stored, or (when either is not acceptable) neither
 *    is — an answer is never half-applied.
 */
function ownerSavesNetworkWhole(world: FuzzWorld): VerbProperty {
  const member = fc.record({ role: memberText, name: memberText, organisation: memberText, contact: memberText });
  const click = fc.oneof(
    validMove.map((move) => ({ verb: VERBS.intakeSave, move })),
    fc.constant({ verb: VERBS.intakeAddMember, move: null }),
  );
  // one request takes saves until its network is nearly full; then a fresh one is opened
  let draftId: string | null = null;
  const draftWithRoom = async (): Promise<Draft> => {
    const current = draftId ? await world.h.bot.stores.drafts.findById(draftId) : null;
    if (current && (current.data.network?.members?.length ?? 0) < NETWORK_MAX - 1) return current;
    const fresh = await openFreshDraft(world);
    draftId = fresh.id;
    return fresh;
  };
  return {
    name: 'the owner: a network save stores the member and the consent together or not at all',
    property: fc.asyncProperty(member, consentText, click, async (m, consent, { verb, move }) => {
      const draft = await draftWithRoom();
      const data = {
        draftId: draft.id,
        v: draft.version,
        ...(move ? { step: 'network', move } : {}),
        'network.consent': consent,
        'member.role': m.role,
        'member.name': m.name,
        'member.organisation': m.organisation,
        'member.contact': m.contact,
      };
      const what = summarise(verb, data);
      const res = await world.h.click(world.owner, verb, data);
      checkAnswered(res, what, measureBytes(data));
      const after = await world.h.bot.stores.drafts.findById(draft.id);
      check(after, () => `${what}: the draft is gone`);

      // what the bot should make of the card's strings, from the domain's own schemas: a save may
      // come without a member, "add to the network" may not
      const typedMember = toSectionAnswers(readSectionInputs(data, 'member') ?? {});
      const consentAnswers = toSectionAnswers(readSectionInputs(data, 'network') ?? {});
      const hasMember = Object.keys(typedMember).length > 0;
      const memberOk = hasMember ? networkMemberSchema.safeParse(typedMember).success : verb === VERBS.intakeSave;
      const consentOk = networkSchema.pick({ consent: true }).safeParse(consentAnswers).success;
      const membersBefore = draft.data.network?.members ?? [];
      const members = after.data.network?.members ?? [];
      if (memberOk && consentOk) {
        check(members.length === membersBefore.length + (hasMember ? 1 : 0), () => `${what}: the member was not stored`);
        check(after.data.network?.consent === (consentAnswers.consent ?? draft.data.network?.consent), () => `${what}: the consent was not stored`);
      } else {
        check(JSON.stringify(after.data) === JSON.stringify(draft.data), () => `${what}: refused (member ok: ${memberOk}, consent ok: ${consentOk}) but the draft changed: ${JSON.stringify(after.data.network)}`);
      }
    }),
  };
}

/** A new request of the owner's, with the requester step saved (as a user would have it). */
async function openFreshDraft(world: FuzzWorld): Promise<Draft> {
  const before = new Set((await world.h.bot.stores.drafts.listOpenByOwner(world.owner.aadObjectId)).map((d) => d.id));
  await world.h.say(world.owner, 'new request');
  const fresh = (await world.h.bot.stores.drafts.listOpenByOwner(world.owner.aadObjectId)).find((d) => !before.has(d.id));
  check(fresh, () => 'no fresh draft');
  return fresh;
}

const COMMAND_WORDS = [
  'help', 'hulp', 'aide', 'menu', 'start', '?', 'new request', 'nieuwe aanvraag', 'nouvelle demande', 'request', 'aanvraag', 'demande',
  'my drafts', 'mijn concepten', 'mes brouillons', 'drafts', 'cases channel', 'dossierkanaal', 'canal des dossiers',
];

/** Typed text: the commands with noise around them, markup, and anything else. */
const typedText = fc.oneof(
  fc.constantFrom(...COMMAND_WORDS),
  fc
    .tuple(fc.constantFrom(...COMMAND_WORDS), fc.constantFrom('', ' ', '!', '.', '  \t'), fc.boolean())
    .map(([w, noise, upper]) => `${noise}${upper ? w.toUpperCase() : w}${noise}`),
  fc.constantFrom(...COMMAND_WORDS).map((w) => `<p>${w}</p>&nbsp;<at>Someone</at>`),
  hostileString,
  fc.string({ unit: 'grapheme', maxLength: 120 }),
);

/**
 * 4. Typed commands from the stranger, in the 1:1 chat or @mentioning the bot in a channel: every
 *    message is answered (never with the unexpected-error text) and nothing is written, except that
 *    "new request" in the 1:1 chat opens one draft of their own.
 */
function strangerTypesAnything(world: FuzzWorld): VerbProperty {
  return {
    name: 'a stranger: any typed text is answered and writes nothing (new request: one own draft)',
    property: fc.asyncProperty(typedText, locale, fc.boolean(), async (text, loc, inChannel) => {
      const what = `typed ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text)} ${inChannel ? 'in the channel' : 'in the 1:1 chat'}`;
      const opensDraft = !inChannel && parseCommand(readCommandText({ text })) === 'newRequest';
      const sizes = readFileSizes(world.h.dataDir);
      const drafts = opensDraft ? readDocuments(world.h.dataDir, 'drafts') : new Map();
      const callsBefore = world.h.connector.calls.length;
      if (inChannel) await world.h.sayInChannel(world.stranger, text, loc);
      else await world.h.say(world.stranger, text, loc);
      await world.h.bot.dispatcher.idle();
      const replies = world.h.connector.calls.slice(callsBefore);
      check(replies.length >= 1, () => `${what}: no answer`);
      const said = JSON.stringify(replies.map((r) => r.body));
      check(!UNEXPECTED.some((u) => said.includes(u)), () => `${what}: answered with the unexpected-error text`);
      if (opensDraft) await undoOpenedDraft(world, world.stranger, { sizes, drafts }, what);
      else checkNothingWritten(world, sizes, what);
    }),
  };
}

export function listVerbProperties(world: FuzzWorld): VerbProperty[] {
  return [strangerSendsAnything(world), ownerSendsPoisonedPayloads(world), ownerSavesNetworkWhole(world), strangerTypesAnything(world)];
}

/** After a property: the bot still answers, and the owner's open draft is as it was. */
export async function checkBotAlive(world: FuzzWorld): Promise<void> {
  const replies = await world.h.say(world.owner, 'help');
  check(replies.length === 1, () => 'the bot no longer answers "help"');
  const health = await fetch(`${world.h.bot.url}/healthz`);
  check(health.status === 200, () => `GET /healthz answered ${health.status}`);
}
