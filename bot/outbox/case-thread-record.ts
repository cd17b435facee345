import type { Case, CaseThread } from '../../domain/case/case';
import type { Clock, Stores } from '../../domain/ports';

const TRIES = 5;

/**
 * Records a posted root post as the case's thread. The case may change while the post is on its way,
 * so this is a compare-and-set retried on the latest version. A case that has a thread already
 * keeps it: that is this same post recorded by an earlier run of the message, or another post whose
 * replies may already be in it. `postedVersion` is the version the root card showed (null when not
 * known, after a crash): if the case moved on since, the root card is brought up to date.
 */
export async function recordCaseThread(
  deps: { stores: Stores; clock: Clock },
  caseId: string,
  thread: CaseThread,
  postedVersion: number | null,
): Promise<void> {
  const { stores, clock } = deps;
  for (let tries = 0; tries < TRIES; tries++) {
    const c = await stores.cases.findById(caseId);
    // erased meanwhile: there is no case to record the thread on
    if (!c || c.thread) return;
    const updated: Case = { ...c, thread, version: c.version + 1 };
    if (await stores.cases.replaceIfVersion(updated, c.version)) {
      if (c.version !== postedVersion) {
        await stores.outbox.enqueue(
          { key: `case:${c.id}:refresh:v${updated.version}`, kind: 'case_thread_refresh', caseId: c.id, userId: null, payload: {} },
          clock.now(),
        );
      }
      return;
    }
  }
  throw new Error('could not record the case thread');
}
