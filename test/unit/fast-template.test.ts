import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { FastTemplate } from '../../adaptive-cards/fast-template';

/**
 * The compiled expressions must expand every template exactly as the templating library does,
 * whatever the data: present, missing, null, falsy, keys in another case, arrays, maps, the strings
 * a condition compares with, numbers that are equal only within adaptive-expressions' epsilon.
 */
const TEMPLATES_DIR = path.resolve(__dirname, '../../adaptive-cards/templates');
const templates = fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json'));

/** Every `${a.b.c}` path of a template, as the list of its names. */
function pathsOf(template: unknown): string[][] {
  const found: string[][] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const m of node.matchAll(/\$\{([^}]*)\}/g)) {
        for (const p of m[1]!.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g)) found.push(p[0].split('.'));
      }
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(template);
  return found;
}

/** A small deterministic generator, so that a failure can be replayed. */
function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const LEAVES: unknown[] = [
  'text', 'Ünïcode ✓ ${x}', '', 0, 7, -1.5, 0.30000000000000004, true, false, true, false, null, undefined, [],
  [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], [{ id: 'c' }], { text: 'nested' }, new Map([['text', 'in a map']]),
];

/** The quoted strings a template compares with (`verb == 'report.view'`), so that comparisons are sometimes true. */
function literalsOf(template: unknown): string[] {
  return [...JSON.stringify(template).matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

function makeData(paths: string[][], random: () => number, literals: readonly string[] = []): Record<string, unknown> {
  const leaves = [...LEAVES, ...literals, ...literals];
  const root: Record<string, unknown> = {};
  for (const names of paths) {
    let node = root;
    const plain = names[0]!.startsWith('$') ? names.slice(1) : names;
    plain.forEach((name, i) => {
      // sometimes the key is in another case, which the library's lookup ignores
      const key = random() < 0.1 ? name.toUpperCase() : name;
      if (i === plain.length - 1) node[key] = leaves[Math.floor(random() * leaves.length)];
      else {
        const next = node[key];
        if (next && typeof next === 'object' && !Array.isArray(next)) node = next as Record<string, unknown>;
        else if (random() < 0.1) node[key] = random() < 0.5 ? '' : 0;
        else node = (node[key] = {}) as Record<string, unknown>;
      }
    });
  }
  return root;
}

describe('FastTemplate', () => {
  test.each(templates)('%s expands as the library does', (file) => {
    const template = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as object;
    const paths = pathsOf(template);
    const fast = new FastTemplate(template);
    const library = new ACData.Template(template);
    const literals = literalsOf(template);
    for (let seed = 1; seed <= 200; seed++) {
      const data = makeData(paths, makeRandom(seed), literals);
      const expand = (t: ACData.Template) => {
        try {
          return JSON.stringify(t.expand({ $root: data }));
        } catch (err) {
          return `error: ${(err as Error).message}`;
        }
      };
      expect([seed, expand(fast)]).toEqual([seed, expand(library)]);
    }
  });
});
