#!/usr/bin/env node
// `npm run dev` (after the build): starts the bot, waits until it is ready, then starts the
// Microsoft 365 Agents Playground against it in Teams mode, and prints the address to open.
// Ctrl-C (or SIGTERM) stops both. Details: playground/README.md.
//
//   PORT             the bot's port (default 3978)
//   PLAYGROUND_PORT  the Playground's web page (default 56150; it picks another if taken)
//   COORDINATOR_IDS  left alone when set (even empty); otherwise the mock tenant's current user
//   MKO_BOT_ENTRY    run another bot script instead of dist/main.js (tooling checks only)
'use strict';
const path = require('node:path');
const pg = require('./playground.js');

const botPort = numberFromEnv('PORT', pg.DEFAULT_BOT_PORT);
const playgroundPort = numberFromEnv('PLAYGROUND_PORT', pg.DEFAULT_PLAYGROUND_PORT);

let bot = null;
let playground = null;
let stopping = false;
let firstSignalAt = 0;

main().catch((err) => {
  console.error(`\n[dev] ${err.message}`);
  shutdown(1);
});

async function main() {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => onSignal(sig));
  // `npm run dev` runs us under `sh -c`, which does not pass a SIGTERM on: when our parent goes
  // away (npm or sh killed), stop too rather than leave the bot and the Playground running.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && !stopping) {
      log('the parent process went away: stopping the Playground and the bot');
      shutdown(0);
    }
  }, 1000).unref();

  const coordinator = pg.readCurrentUser();
  const env = {};
  if (process.env.COORDINATOR_IDS === undefined) env.COORDINATOR_IDS = coordinator.aadObjectId;

  if (!(await pg.portIsFree(botPort))) {
    throw new Error(`port ${botPort} is already in use (another bot still running?). Stop it, or run with PORT=<other port>.`);
  }

  const entryPath = pg.botEntry();
  const entry = entryPath.startsWith(pg.ROOT + path.sep) ? path.relative(pg.ROOT, entryPath) : entryPath;
  log(`starting the bot: node ${entry} on http://${pg.BOT_HOST}:${botPort}`);
  bot = pg.startBot({ port: botPort, env });
  bot.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n[dev] the bot stopped (${signal ?? `exit code ${code}`}); stopping the Playground too`);
      shutdown(code || 1);
    }
  });
  await pg.waitForHttp(`http://${pg.BOT_HOST}:${botPort}/readyz`, { timeoutMs: 60_000, child: bot, name: 'the bot' });
  log('the bot is ready');

  log('starting the Microsoft 365 Agents Playground (Teams mode)');
  const started = pg.startPlayground({
    botPort,
    port: playgroundPort,
    onOutput: (line, stream) => {
      if (/^Listening on \d+/.test(line)) return;
      (stream === 'stderr' ? process.stderr : process.stdout).write(`[playground] ${line}\n`);
    },
  });
  playground = started.child;
  playground.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n[dev] the Playground stopped (${signal ?? `exit code ${code}`}); stopping the bot too`);
      shutdown(code || 1);
    }
  });
  const port = await withTimeout(started.listening, 60_000, 'the Playground did not start listening within 60 s');
  await pg.waitForHttp(pg.playgroundPingUrl(port), { timeoutMs: 30_000, child: playground, name: 'the Playground' });

  const coordinatorIds = env.COORDINATOR_IDS ?? process.env.COORDINATOR_IDS;
  const lines = [
    '',
    '  MKO bot + Microsoft 365 Agents Playground are running.',
    '',
    `  Open:  http://localhost:${port}`,
    '',
    `  bot endpoint     http://${pg.BOT_HOST}:${botPort}/api/messages`,
    // the personal tab in a normal browser, signed in as you (dev only: bot/tab-api/dev-sign-in.ts)
    `  personal tab     http://${pg.BOT_HOST}:${botPort}/tab/dev-sign-in?user=${coordinator.aadObjectId}&lang=en`,
    `  you are          ${coordinator.name} (${coordinator.id}), chatting in Teams mode, locale en-US`,
    `  COORDINATOR_IDS  ${coordinatorIds ? coordinatorIds : '(empty: nobody is a coordinator)'}`,
    `  mock tenant      ${path.relative(pg.ROOT, pg.CONFIG_PATH)}`,
    '',
    '  Type "help" in Personal Chat. In the "MKO cases" channel, @mention the bot.',
    '  Stop with Ctrl-C.',
    '',
  ];
  if (port !== playgroundPort) lines.splice(3, 0, `  (port ${playgroundPort} was taken, so the Playground chose ${port})`);
  console.log(lines.join('\n'));
}

function onSignal(sig) {
  const now = Date.now();
  if (stopping) {
    // npm forwards the terminal's Ctrl-C as well: only a later, second Ctrl-C means "force"
    if (now - firstSignalAt > 1000) {
      console.error('[dev] stopping right now (SIGKILL)');
      for (const child of [playground, bot]) if (child) forceKill(child);
      process.exit(130);
    }
    return;
  }
  firstSignalAt = now;
  log(`${sig}: stopping the Playground and the bot…`);
  shutdown(0);
}

async function shutdown(exitCode) {
  if (stopping) return;
  stopping = true;
  await Promise.all([pg.stopChild(playground), pg.stopChild(bot, { graceMs: 10_000 })]);
  log('stopped');
  process.exit(exitCode);
}

function forceKill(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function numberFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`[dev] ${name} must be a port number (1-65535), got "${raw}"`);
    process.exit(1);
  }
  return n;
}

function log(msg) {
  console.log(`[dev] ${msg}`);
}
