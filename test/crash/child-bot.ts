import { spawn, type ChildProcess } from 'node:child_process';
import nodeFlags from '../../config/node-flags.json';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The compiled composition root, next to this file's compiled folder (dist/test/crash -> dist). */
const MAIN_JS = path.resolve(__dirname, '../../main.js');

export interface ChildBotOptions {
  dataDir: string;
  env?: Record<string, string>;
  /** How long to wait for GET /readyz to answer 200. */
  readyTimeoutMs?: number;
}

/** The bot as its own process (`node dist/main.js`), as production runs it. */
export class ChildBot {
  /** Time from spawn to the first 200 of GET /readyz. */
  readyMs = 0;
  output = '';
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly process: ChildProcess,
    readonly port: number,
  ) {
    this.exit = new Promise((resolve) => process.once('exit', (code, signal) => resolve({ code, signal })));
    process.stdout?.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    process.stderr?.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  static async start(options: ChildBotOptions): Promise<ChildBot> {
    const port = await findFreePort();
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeFlags.flags, MAIN_JS], {
      env: {
        PATH: process.env.PATH ?? '',
        TZ: process.env.TZ ?? 'Pacific/Auckland',
        PORT: String(port),
        DATA_DIR: options.dataDir,
        LOG_LEVEL: 'silent',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new ChildBot(child, port);
    const deadline = started + (options.readyTimeoutMs ?? 30_000);
    for (;;) {
      const exited = await Promise.race([bot.exit.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5))]);
      if (exited) throw new Error(`the bot exited before it was ready:\n${bot.output}`);
      if ((await getStatus(`${bot.url}/readyz`)) === 200) break;
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the bot was not ready within ${options.readyTimeoutMs ?? 30_000} ms:\n${bot.output}`);
      }
    }
    bot.readyMs = performance.now() - started;
    return bot;
  }

  /** Resident set size in kB, from /proc (Linux), or from `process.memoryUsage` where there is none. */
  rssKb(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    if (!m) throw new Error('no VmRSS in /proc status');
    return Number(m[1]);
  }

  kill(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }

  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exit;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return this.exit;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    try {
      return await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A port nobody listens on right now (the OS picks it). */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function getStatus(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
