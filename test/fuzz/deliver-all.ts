import type { BotHarness } from '../support/bot-harness';

/**
 * Delivers everything queued, however long the outbox holds a message back. The outbox keeps to
 * Teams' rate limits in real seconds and puts a held-back message (or a thread reply waiting for
 * its root post) due again on the business clock, which the fuzz worlds freeze: waiting alone
 * would never get it out. So the business clock moves on a second at a time until nothing is left.
 * The real-time budget is generous, so that a busy machine is slower, never wrong.
 */
export async function deliverAll(h: BotHarness, budgetMs = 60_000): Promise<void> {
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    await h.settleOutbox();
    const counts = await h.bot.stores.outbox.countByStatus();
    if (counts.pending === 0 && counts.sending === 0) return;
    h.clock.advance(1_000);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the outbox still holds messages after ${budgetMs / 1000} s: ${JSON.stringify(await h.bot.stores.outbox.countByStatus())}`);
}
