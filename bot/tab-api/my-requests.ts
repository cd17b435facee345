import type { Case } from '../../domain/case/case';
import type { Draft, Stores } from '../../domain/ports';
import { makeTranslator, type UiLanguage } from '../../adaptive-cards/i18n';
import { formatDateTime } from '../../adaptive-cards/format';

/** One of the user's own requests, as the tab lists it: no personal details beyond the pseudonym. */
export interface RequestRow {
  reference: string;
  pseudonym: string;
  status: string;
  statusLabel: string;
  submittedAt: string;
  submittedText: string;
}

export interface DraftRow {
  step: string;
  stepLabel: string;
  updatedAt: string;
  updatedText: string;
}

export interface MyRequests {
  language: UiLanguage;
  requests: RequestRow[];
  drafts: { count: number; items: DraftRow[] };
}

/**
 * The caller's own submitted requests and unfinished drafts, newest first. Only what the caller
 * owns is read (by their Entra object id); each listed case gets an audit entry, as every read
 * of a case does.
 */
export async function readMyRequests(
  stores: Pick<Stores, 'cases' | 'drafts' | 'audit'>,
  userId: string,
  lang: UiLanguage,
  now: Date,
): Promise<MyRequests> {
  const [cases, drafts] = await Promise.all([stores.cases.listByRequester(userId), stores.drafts.listOpenByOwner(userId)]);
  const own = cases.filter((c) => c.requesterId === userId);
  const openDrafts = drafts.filter((d) => d.ownerId === userId && d.status === 'open');
  for (const c of own) await stores.audit.append({ caseId: c.id, at: now, actorId: userId, action: 'case.listed_in_tab' });
  return toMyRequests(lang, own, openDrafts);
}

/** Pure: the rows the tab shows, with labels and Brussels dates in the reader's language. */
export function toMyRequests(lang: UiLanguage, cases: readonly Case[], drafts: readonly Draft[]): MyRequests {
  const t = makeTranslator(lang);
  const requests = [...cases]
    .sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime())
    .map((c) => ({
      reference: c.reference,
      pseudonym: c.pseudonym,
      status: c.status,
      statusLabel: t(`status.${c.status}`),
      submittedAt: c.submittedAt.toISOString(),
      submittedText: formatDateTime(lang, c.submittedAt),
    }));
  const items = [...drafts]
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
    .map((d) => ({
      step: d.step,
      stepLabel: t(`intake.step.${d.step}`),
      updatedAt: d.updatedAt.toISOString(),
      updatedText: formatDateTime(lang, d.updatedAt),
    }));
  return { language: lang, requests, drafts: { count: items.length, items } };
}
