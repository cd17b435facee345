import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from '../../bench/load-generator';
import { BotHarness, NURSE, SOCIAL_WORKER } from '../support/bot-harness';

/** The load generator that `npm run bench` points at the bot, and a user can point at a deployed one. */
describe('load generator', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('sends every activity, as many times as asked, and reports each answer', async () => {
    const activities = [NURSE, SOCIAL_WORKER].map((user) => h.clickActivity(user, 'intake.start', {}));
    const report = await runLoad({ url: `${h.bot.url}/api/messages`, activities, concurrency: 2, repeat: 3 });
    expect(report).toMatchObject({ sent: 6, statuses: { '200': 6 }, answeredWithACard: 6, failed: 0 });
    expect(report.answers.every((a) => a.ms > 0)).toBe(true);
    // each click opened the request dialogue, as it would from Teams; a request left empty is
    // reused rather than piled up, so each user has one draft
    expect((await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId)).length).toBe(1);
  });

  it('counts a refused activity and an unreachable bot as failed, with the reason', async () => {
    const refused = await runLoad({ url: `${h.bot.url}/api/messages`, activities: [{ type: 'invoke', serviceUrl: 'https://example.org/' }] });
    expect(refused).toMatchObject({ sent: 1, statuses: { '403': 1 }, answeredWithACard: 0, failed: 1 });
    const unreachable = await runLoad({ url: 'http://127.0.0.1:1/api/messages', activities: [{ type: 'message' }], timeoutMs: 2_000 });
    expect(unreachable).toMatchObject({ sent: 1, statuses: { '0': 1 }, failed: 1 });
    expect(unreachable.answers[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('as a command: a JSON report, and a clear message for bad arguments', async () => {
    const script = path.resolve(__dirname, '../../bench/load-generator.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-load-'));
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        execFile(process.execPath, [script, ...args], (error, out, err) => resolve({ code: error ? Number(error.code) : 0, out, err }));
      });
    try {
      const file = path.join(dir, 'activities.ndjson');
      fs.writeFileSync(file, `${JSON.stringify(h.clickActivity(NURSE, 'intake.start', {}))}\n`);
      const ok = await run(['--url', `${h.bot.url}/api/messages`, '--activities', file, '--json']);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ sent: 1, answeredWithACard: 1 });

      expect(await run(['--url', 'ftp://x', '--activities', file])).toMatchObject({ code: 2, err: expect.stringContaining('--url must be an http(s) address') });
      expect(await run(['--url', `${h.bot.url}/api/messages`, '--activities', file, '--concurrency', '0'])).toMatchObject({
        code: 2,
        err: expect.stringContaining('--concurrency must be a whole number of at least 1'),
      });
      fs.writeFileSync(file, '"not an activity"');
      expect(await run(['--url', `${h.bot.url}/api/messages`, '--activities', file])).toMatchObject({ code: 2, err: expect.stringContaining('expected an array of activities') });
      expect(await run(['--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown argument "--bogus"') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
