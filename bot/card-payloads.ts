import { z } from 'zod';
import { INTAKE_STEPS } from '../domain/ports';

/**
 * Card payloads are untrusted input: whatever a card (or anyone posting to the endpoint) sends is
 * checked here before a handler sees it. Teams merges the card's input values into the action's
 * data, so the values arrive as strings keyed by input id.
 */

/** Ids are ours (UUIDs); anything longer or stranger is not an id we handed out. */
const id = z.string().min(1).max(100).regex(/^[\w:.@;-]+$/);
/** The draft version the card was rendered from; cards send it as a number or a numeric string. */
const version = z.coerce.number().int().min(1).max(1_000_000_000);
/** A raw input value: Teams sends strings; bound them so that a 1 MB string is refused early. */
const rawValue = z.string().max(20_000).optional();

export const emptyData = z.object({}).passthrough();
export const draftRef = z.object({ draftId: id }).passthrough();
export const caseRef = z.object({ caseId: id }).passthrough();
export const saveStepData = z
  .object({ draftId: id, v: version, step: z.enum(INTAKE_STEPS), move: z.enum(['next', 'back', 'stay']) })
  .passthrough();
export const gotoData = z.object({ draftId: id, step: z.enum(INTAKE_STEPS) }).passthrough();
export const memberData = z.object({ draftId: id, v: version }).passthrough();
export const removeMemberData = z.object({ draftId: id, v: version, index: z.coerce.number().int().min(0).max(1000) }).passthrough();
export const submitData = z.object({ draftId: id, v: version }).passthrough();

/** Input ids are ours and short; a longer key is not from a card we sent. */
const MAX_INPUT_ID = 100;

/**
 * The raw input values of one section (e.g. every `person.*` input), as strings. The payload must
 * be an object whose keys are all plausible input ids; only the section's values are checked one by
 * one (the others belong to other checks), without copying the whole payload first.
 */
export function readSectionInputs(data: unknown, section: string): Record<string, string> | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const prefix = `${section}.`;
  const out: Record<string, string> = {};
  for (const key of Object.keys(data)) {
    if (key.length > MAX_INPUT_ID) return null;
    if (!key.startsWith(prefix)) continue;
    const checked = rawValue.safeParse((data as Record<string, unknown>)[key]);
    if (!checked.success) return null;
    out[key.slice(prefix.length)] = checked.data ?? '';
  }
  return out;
}

const MULTI_SELECT_FIELDS = new Set(['languages', 'domains', 'sectors']);

/**
 * Turns raw card strings into the domain's shape: blank means "not answered" (so it is left out,
 * not stored as an empty string), multi-selects arrive comma-separated (a choice repeated by a
 * crafted payload counts once).
 */
export function toSectionAnswers(raw: Record<string, string>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(raw)) {
    const trimmed = value.trim();
    if (trimmed === '') continue;
    answers[field] = MULTI_SELECT_FIELDS.has(field)
      ? [...new Set(trimmed.split(',').map((v) => v.trim()).filter(Boolean))]
      : trimmed;
  }
  return answers;
}
