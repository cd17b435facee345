import type { ActionNotice, ActionNoticeKind } from './schedule';

/**
 * One message per recipient, case and kind of notice in a tick. The card a notice becomes shows the
 * case's actions as they are when it is sent, not the one action it is about: the referent and the
 * organiser see every open action, an owner every action of theirs (bot/outbox/report-direct-views.ts).
 * So the notices of one tick for the same person, case and kind (reminder, overdue, escalation) would
 * be identical cards: 4 actions due the same day used to bring the referent 4 identical reminders.
 * They are sent as one message; notices of different kinds stay apart (their cards say different
 * things: a reminder is not an escalation).
 *
 * Each underlying notice is still booked as sent (a counter named by noticeMarker, the one named
 * fact both stores keep atomically), so a notice already covered is not sent again next tick, even
 * when the others of its group were answered meanwhile.
 */
export interface CoalescedNotices {
  /**
   * The message's idempotency key, a function of every notice currently due for this recipient,
   * case and kind (the ones already sent included): a retry after a crash, or a second instance,
   * that sees the same due notices computes the same key and the outbox refuses it. A group of one
   * keeps the key a lone notice always had: followup:<case id>:<notice key>.
   */
  key: string;
  caseId: string;
  userId: string;
  kind: ActionNoticeKind;
  /** Every notice due for this recipient, case and kind, in key order. */
  notices: ActionNotice[];
}

/** The key a notice's own message had before notices were coalesced, and still has alone. */
export function singleNoticeKey(notice: Pick<ActionNotice, 'caseId' | 'key'>): string {
  return `followup:${notice.caseId}:${notice.key}`;
}

/** The counter that books a notice as sent; all of one case's share the prefix noticeMarkerPrefix(caseId). */
export function noticeMarker(notice: Pick<ActionNotice, 'caseId' | 'key'>): string {
  return `${noticeMarkerPrefix(notice.caseId)}${notice.key}`;
}

export function noticeMarkerPrefix(caseId: string): string {
  return `followup-sent:${caseId}:`;
}

/**
 * Groups the due notices by case, recipient and kind, in the order their first notice comes. Pure:
 * which of them were sent before is the caller's business (noticeMarker).
 */
export function coalesceNotices(notices: readonly ActionNotice[]): CoalescedNotices[] {
  const groups = new Map<string, ActionNotice[]>();
  for (const notice of notices) {
    const id = `${notice.caseId}\u0000${notice.userId}\u0000${notice.kind}`;
    const group = groups.get(id);
    if (group) group.push(notice);
    else groups.set(id, [notice]);
  }
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const first = sorted[0]!;
    const key =
      sorted.length === 1
        ? singleNoticeKey(first)
        : `followup:${first.caseId}:${first.kind}:${first.userId}:${sorted.length}x${digest(sorted.map((n) => n.key).join('\n'))}`;
    return { key, caseId: first.caseId, userId: first.userId, kind: first.kind, notices: sorted };
  });
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, as 16 hex digits: a short, stable name for a list of keys (not a security measure). */
export function digest(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
