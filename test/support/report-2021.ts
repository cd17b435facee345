import { transitionCase, type Case } from '../../domain/case/case';
import type { CaseStatus } from '../../domain/case/status';
import type { Sector } from '../../domain/case/request';
import type { RefusalReason } from '../../domain/case/eligibility';
import type { Background, Organiser } from '../../domain/case/organisers';
import type { Draft } from '../../domain/ports';
import { makeCase, makeCompleteRequest, makeDraft } from './fixtures';

const DAY = 24 * 3600 * 1000;

/** A case submitted at `submittedAt` that went through `path` (checked by the status table), one day per step. */
export function caseThrough(id: string, submittedAt: Date, path: readonly CaseStatus[], extra: Partial<Case> = {}): Case {
  let c = makeCase({
    id,
    reference: `MKO-${submittedAt.getUTCFullYear()}-${id}`,
    draftId: `draft-${id}`,
    status: 'submitted',
    statusHistory: [{ from: null, to: 'submitted', at: submittedAt, by: 'requester' }],
    submittedAt,
    updatedAt: submittedAt,
    ...extra,
  });
  path.forEach((status, i) => {
    c = transitionCase(c, status, 'someone', new Date(submittedAt.getTime() + (i + 1) * DAY));
  });
  return c;
}

export function makeOrganiser(id: string, name: string, background: Background, status: Organiser['status'] = 'active'): Organiser {
  const at = new Date('2021-01-04T09:00:00Z');
  return { id, name, email: null, languages: ['fr', 'nl'], background, status, addedBy: 'coord', addedAt: at, updatedAt: at, version: 1 };
}

/** Brusano's pool in 2021: six organisers with different backgrounds. */
export const POOL_2021: Organiser[] = [
  makeOrganiser('o1', 'Anne Wijkverpleging', 'community_nurse'),
  makeOrganiser('o2', 'Bram Ergo', 'occupational_therapist'),
  makeOrganiser('o3', 'Chloé Social', 'social_worker'),
  makeOrganiser('o4', 'David Diabète', 'diabetes_educator'),
  makeOrganiser('o5', 'Eva Psy', 'psychologist'),
  makeOrganiser('o6', 'Fatima Centre', 'coordination_centre'),
];

export const ASSIGNED = ['awaiting_assignment', 'assigned'] as const;
export const PREPARED = [...ASSIGNED, 'preparing', 'planning', 'scheduled'] as const;
export const HELD_ONCE = [...PREPARED, 'held'] as const;

export interface ReportRow {
  what: string;
  kind: 'case' | 'draft';
  month: number;
  path?: readonly CaseStatus[];
  sectors?: Sector[];
  organiserId?: string;
  refusal?: RefusalReason[];
}

/**
 * The ten requests of Brusano's 2021 activity report (seeds/004): "tien verzoeken ... (geestelijke
 * gezondheid, armoede, verslaving, chronische aandoeningen): 6 aanvragen opgevolgd, 2 nog niet
 * afgerond door de aanvragers, 1 geweigerd (buiten Brussel), 1 wacht op toewijzing".
 */
export const REPORT_2021: ReportRow[] = [
  { what: 'closed after one consultation', kind: 'case', month: 2, path: [...HELD_ONCE, 'follow_up', 'closed'], sectors: ['mental_health'], organiserId: 'o1' },
  { what: 'in follow-up after a consultation', kind: 'case', month: 3, path: [...HELD_ONCE, 'follow_up'], sectors: ['poverty'], organiserId: 'o2' },
  { what: 'meeting scheduled', kind: 'case', month: 5, path: PREPARED, sectors: ['addiction'], organiserId: 'o3' },
  { what: 'being prepared', kind: 'case', month: 6, path: [...ASSIGNED, 'preparing'], sectors: ['chronic_illness'], organiserId: 'o3' },
  { what: 'organiser asked', kind: 'case', month: 8, path: ASSIGNED, sectors: ['mental_health', 'poverty'], organiserId: 'o4' },
  { what: 'second consultation held', kind: 'case', month: 4, path: [...HELD_ONCE, 'follow_up', 'preparing', 'planning', 'scheduled', 'held'], sectors: ['chronic_illness'], organiserId: 'o1' },
  { what: 'refused: outside Brussels', kind: 'case', month: 9, path: ['refused'], sectors: ['mental_health'], refusal: ['outside_brussels'] },
  { what: 'awaiting assignment', kind: 'case', month: 10, path: ['awaiting_assignment'], sectors: ['addiction'] },
  { what: 'not completed by the requester', kind: 'draft', month: 5 },
  { what: 'not completed by the requester either', kind: 'draft', month: 11 },
];

/** The report's rows as stored cases and open drafts, with 2021 dates. */
export function enterReport(rows: readonly ReportRow[] = REPORT_2021): { cases: Case[]; drafts: Draft[] } {
  const cases: Case[] = [];
  const drafts: Draft[] = [];
  for (const [i, row] of rows.entries()) {
    const at = new Date(Date.UTC(2021, row.month - 1, 10, 9, 0));
    if (row.kind === 'draft') {
      drafts.push(makeDraft({ id: `d2021-${i}`, createdAt: at, updatedAt: at, data: { situation: { sectors: ['poverty'] } } }));
      continue;
    }
    const request = makeCompleteRequest({ situation: { domains: ['social'], sectors: row.sectors!, description: 'x', urgency: 'normal' } });
    const c = caseThrough(`c2021-${i}`, at, row.path!, { request, domains: ['social', 'psychic'], refusalReasons: row.refusal ?? [], seq: i + 1 });
    cases.push({ ...c, reference: `MKO-2021-${String(i + 1).padStart(4, '0')}`, organiserId: row.organiserId ?? null });
  }
  return { cases, drafts };
}
