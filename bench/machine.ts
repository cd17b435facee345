import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { round } from './bench-result';

/** What the figures were measured on: without it, a number means little. */
export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  /** 1-minute load average at the start and at the end: above the CPU count, other work competed. */
  loadAverageStart: number;
  loadAverageEnd: number | null;
  commit: string;
  startedAt: string;
}

export function readMachineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageStart: round(os.loadavg()[0]!, 2),
    loadAverageEnd: null,
    commit: readCommit(),
    startedAt: new Date().toISOString(),
  };
}

export function readLoadAverage(): number {
  return round(os.loadavg()[0]!, 2);
}

/** BENCH_COMMIT names the code measured when it is not this checkout (an exported tree, say). */
function readCommit(): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
