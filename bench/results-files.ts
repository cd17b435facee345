import fs from 'node:fs';
import path from 'node:path';
import type { BenchResult, Target } from './bench-result';
import type { MachineFacts } from './machine';

export interface BenchRun {
  machine: MachineFacts;
  results: BenchResult[];
}

/** Writes latest.json and latest.md under `dir`, each through a temporary file so that a reader never sees half of one. */
export function writeResults(dir: string, run: BenchRun): { json: string; markdown: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'latest.json');
  const markdown = path.join(dir, 'latest.md');
  writeAtomically(json, `${JSON.stringify(run, null, 2)}\n`);
  writeAtomically(markdown, renderMarkdown(run));
  return { json, markdown };
}

function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

export function describeTarget(t: Target): string {
  return `${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.measured} ${t.unit} (target ${t.comparison} ${t.limit})`;
}

function renderMarkdown(run: BenchRun): string {
  const m = run.machine;
  const lines = [
    '# Benchmark results (latest run)',
    '',
    `Measured ${m.startedAt} on commit ${m.commit}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB memory, Node.js ${m.node}, ${m.platform}.`,
    `Load average (1 min) ${m.loadAverageStart} at the start, ${m.loadAverageEnd ?? '?'} at the end` +
      (Math.max(m.loadAverageStart, m.loadAverageEnd ?? 0) > m.cpus ? ' — above the CPU count: other work competed for the machine, read the absolute times with care.' : '.'),
    '',
    'Reproduce with `npm run bench` (targets print PASS/FAIL; the run exits 1 when one fails).',
    '',
    '## Targets',
    '',
    '| benchmark | target | measured | result |',
    '|---|---|---|---|',
  ];
  for (const r of run.results) {
    if (r.status === 'not-measured') {
      lines.push(`| ${r.title} | — | not measured | see its notes |`);
      continue;
    }
    for (const t of r.targets) lines.push(`| ${r.name} | ${t.name} ${t.comparison} ${t.limit} ${t.unit} | ${t.measured} ${t.unit} | ${t.pass ? 'PASS' : '**FAIL**'} |`);
    if (r.targets.length === 0) lines.push(`| ${r.name} | (no target) | see figures | — |`);
  }
  for (const r of run.results) {
    lines.push('', `## ${r.title}`, '');
    if (r.status === 'not-measured') {
      lines.push('**Not measured.**', '');
    } else {
      lines.push('| figure | value |', '|---|---|');
      for (const [k, v] of Object.entries(r.figures)) lines.push(`| ${k} | ${String(v).replace(/\|/g, '\\|')} |`);
      lines.push('', `Took ${(r.durationMs / 1000).toFixed(1)} s.`, '');
    }
    for (const note of r.notes) lines.push(`- ${note.replace(/\n/g, ' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
