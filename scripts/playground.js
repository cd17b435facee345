'use strict';
// Shared helpers for scripts/dev.js and test/e2e/playground.test.ts: start the bot and the
// Microsoft 365 Agents Playground as child processes, wait until they answer, stop them.
// See playground/README.md for what the Playground accepts and sends.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CONFIG_PATH = path.join(ROOT, 'playground', '.m365agentsplayground.yml');
const DEFAULT_BOT_PORT = 3978;
const DEFAULT_PLAYGROUND_PORT = 56150;
// The bot binds 127.0.0.1 when it runs without an app id; the Playground must call it there.
const BOT_HOST = '127.0.0.1';
// Variables that would switch the bot out of the unauthenticated, loopback-only mode the
// Playground needs (or point it at another store); the e2e test drops them.
const AUTH_AND_STORE_VARS = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ALLOWED_TENANT_IDS',
  'HOST',
  'STORE',
  'MONGODB_URI',
];

/** dist/main.js, or MKO_BOT_ENTRY (a stand-in bot, for trying the tooling without the real one). */
function botEntry() {
  return process.env.MKO_BOT_ENTRY ? path.resolve(process.env.MKO_BOT_ENTRY) : path.join(ROOT, 'dist', 'main.js');
}

function playgroundCli() {
  const pkg = require.resolve('@microsoft/m365agentsplayground/package.json', { paths: [ROOT] });
  return path.join(path.dirname(pkg), 'cli.js');
}

/**
 * The coordinator of the mock tenant: the Playground's currentUser (the only user it chats as).
 * Read with a small scan rather than a YAML parser: the file is ours and keeps this shape.
 */
function readCurrentUser(configPath = CONFIG_PATH) {
  const text = fs.readFileSync(configPath, 'utf8');
  const block = /^currentUser:\s*\n((?:[ \t]+.*\n?|[ \t]*#.*\n?|\s*\n)+)/m.exec(text);
  if (!block) throw new Error(`${configPath}: no currentUser block`);
  const field = (name) => {
    const m = new RegExp(`^[ \\t]+${name}:[ \\t]*(.+?)[ \\t]*$`, 'm').exec(block[1]);
    return m ? m[1].replace(/^["']|["']$/g, '') : undefined;
  };
  const user = { id: field('id'), name: field('name'), aadObjectId: field('aadObjectId') };
  if (!user.id || !user.aadObjectId) throw new Error(`${configPath}: currentUser needs id and aadObjectId`);
  return user;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when nothing accepts connections on host:port. */
function portIsFree(port, host = BOT_HOST) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    sock.setTimeout(1000);
    sock.once('connect', () => { sock.destroy(); resolve(false); });
    sock.once('timeout', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(true));
  });
}

function httpGetStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.on('error', () => resolve(0));
  });
}

/**
 * Polls url until it answers 2xx. Fails early when `child` exits, and after timeoutMs.
 */
async function waitForHttp(url, { timeoutMs = 60_000, child, name = url, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`${name} exited (code ${child.exitCode}) before ${url} answered`);
    }
    if (child && child.signalCode) {
      throw new Error(`${name} was killed (${child.signalCode}) before ${url} answered`);
    }
    const status = await httpGetStatus(url);
    if (status >= 200 && status < 300) return;
    if (Date.now() > deadline) {
      throw new Error(`${name}: ${url} did not answer 2xx within ${Math.round(timeoutMs / 1000)} s (last status ${status || 'no answer'})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Starts the bot: `node dist/main.js` (or MKO_BOT_ENTRY) with PORT set, the environment minus
 * `dropVars`, plus `env`. Own process group, so only stopChild() signals it (not a second
 * Ctrl-C straight from the terminal).
 */
function startBot({ port, env = {}, stdio = 'inherit', dropVars = [] }) {
  const entry = botEntry();
  if (!fs.existsSync(entry)) {
    throw new Error(`${path.relative(ROOT, entry) || entry} does not exist: run \`npm run build\` (the bot's entry point is main.ts)`);
  }
  const childEnv = { ...process.env };
  for (const name of dropVars) delete childEnv[name];
  // the V8 flags production runs with (config/node-flags.json, as in `npm start`)
  const { flags } = require('../config/node-flags.json');
  return spawn(process.execPath, [...flags, entry], {
    cwd: ROOT,
    env: { ...childEnv, ...env, PORT: String(port) },
    stdio,
    detached: true,
  });
}

/**
 * Starts the Playground in Teams mode against the bot. Resolves `port` with the port it really
 * listens on (it falls back to a random one when the asked port is taken).
 * Options: botPort, port (default 56150), configPath, logFile, env, onOutput(line, stream).
 */
function startPlayground({
  botPort,
  port = DEFAULT_PLAYGROUND_PORT,
  configPath = CONFIG_PATH,
  logFile,
  env = {},
  onOutput = () => {},
}) {
  const args = [
    playgroundCli(),
    '--app-endpoint', `http://${BOT_HOST}:${botPort}/api/messages`,
    '--channel-id', 'msteams',
    '--port', String(port),
    '--disable-telemetry',
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      // its default is ./devTools/m365agentsplayground.log under the working directory
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile ?? path.join(ROOT, 'playground', 'playground.log'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const listening = new Promise((resolve, reject) => {
    let done = false;
    const onLine = (stream) => (line) => {
      const m = /Listening on (\d+)/.exec(line);
      if (m && !done) {
        done = true;
        resolve(Number(m[1]));
      }
      onOutput(line, stream);
    };
    lines(child.stdout, onLine('stdout'));
    lines(child.stderr, onLine('stderr'));
    child.once('exit', (code, signal) => {
      if (!done) {
        done = true;
        reject(new Error(`the Playground exited (${signal ?? `code ${code}`}) before it listened`));
      }
    });
    child.once('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
  return { child, listening };
}

/** After `listening`: the Playground answers GET /_debug/ping with "pong". */
function playgroundPingUrl(port) {
  return `http://127.0.0.1:${port}/_debug/ping`;
}

function lines(stream, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => {
    if (buf) onLine(buf);
    buf = '';
  });
}

/**
 * Stops a child started above: `signal` to its process group, SIGKILL after graceMs.
 * Resolves once it has exited.
 */
function stopChild(child, { signal = 'SIGTERM', graceMs = 8000 } = {}) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    killGroup(child, signal);
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

module.exports = {
  ROOT,
  CONFIG_PATH,
  DEFAULT_BOT_PORT,
  DEFAULT_PLAYGROUND_PORT,
  BOT_HOST,
  AUTH_AND_STORE_VARS,
  botEntry,
  playgroundCli,
  readCurrentUser,
  freePort,
  portIsFree,
  waitForHttp,
  startBot,
  startPlayground,
  playgroundPingUrl,
  stopChild,
};
