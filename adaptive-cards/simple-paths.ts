import * as ACData from 'adaptivecards-templating';

/**
 * A faster way through the most common expression of our templates, a plain data path such as
 * `${labels.firstName}` or `${$root.pollId}` (nearly every expression but `$when`s). The templating
 * library evaluates each one through a fresh memory object, a regular-expression split of the path
 * and a case-insensitive key search: most of a card's render time. Here the path is split once, when
 * the template is prepared, and looked up with the same rules (the same root names, the same
 * case-insensitive first matching key, a falsy step ending in undefined). Whenever the value is
 * undefined, or the expression is anything else, the library's own code runs, so its substitutions
 * ("${path}" for a missing value) and its errors stay exactly as they were.
 */

interface TemplateInternals {
  _context: Record<string, unknown>;
  _preparedPayload: unknown;
  internalExpand(node: unknown): unknown;
}

/** The own keys of the library's TemplateObjectMemory, in its order: the first case-insensitive match wins. */
const MEMORY_ROOTS = ['_memory', '$root', '$data', '$index', '$host', '$_acTemplateVersion'];
/** Names that the library's path split (on ".", "[" and "]", quotes stripped) leaves whole and parseInt rejects. */
const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Prepared expression -> [root name on the context, then property names]; absent: not a plain path. */
const PLAIN_PATHS = new WeakMap<object, readonly string[]>();
/** Prepared JSON objects (not arrays, not expressions) with neither $when nor $data. */
const PLAIN_OBJECTS = new WeakSet<object>();
/** The library's reserved fields, which it leaves out of an expanded object. */
const RESERVED_FIELDS = ['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion'];

const libraryExpand = (ACData.Template.prototype as unknown as TemplateInternals).internalExpand;

export class SimplePathTemplate extends ACData.Template {
  constructor(payload: unknown) {
    super(payload);
    collectPlainPaths((this as unknown as TemplateInternals)._preparedPayload);
  }
}

(SimplePathTemplate.prototype as unknown as TemplateInternals).internalExpand = function (this: TemplateInternals, node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return libraryExpand.call(this, node);
  if (PLAIN_OBJECTS.has(node)) return expandPlainObject(this, node as Record<string, unknown>);
  const path = PLAIN_PATHS.get(node);
  if (path) {
    const value = readPath(this._context, path);
    if (value !== undefined) return value;
  }
  return libraryExpand.call(this, node);
};

/**
 * An object without $when or $data: the library saves and restores its data context around it (no
 * change, as nothing here sets one) and expands it once; its own expandSingleObject, inlined here.
 */
function expandPlainObject(template: TemplateInternals, node: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(node)) {
    if (RESERVED_FIELDS.includes(key)) continue;
    const value = template.internalExpand(node[key]);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function readPath(context: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = context[path[0]!];
  for (let i = 1; i < path.length; i++) value = readProperty(value, path[i]!);
  return value;
}

/** adaptive-expressions' accessProperty for objects: the first own key equal to `name` ignoring case. */
function readProperty(instance: unknown, name: string): unknown {
  if (!instance) return undefined;
  if (instance instanceof Map) return undefined; // never in our card data; the library's code decides
  const lower = name.toLowerCase();
  for (const key of Object.keys(instance)) {
    if (key === name || key.toLowerCase() === lower) return (instance as Record<string, unknown>)[key];
  }
  return undefined;
}

/** Walks a prepared payload (JSON values and parsed expressions) and records each plain path. */
function collectPlainPaths(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) collectPlainPaths(item);
    return;
  }
  if (isParsedExpression(node)) {
    const path = plainPathOf(node);
    if (path) PLAIN_PATHS.set(node, path);
    return;
  }
  const fields = node as Record<string, unknown>;
  if (fields.$when === undefined && fields.$data === undefined) PLAIN_OBJECTS.add(node);
  for (const value of Object.values(node)) collectPlainPaths(value);
}

interface ParsedExpression {
  type: string;
  children: { type: string; value?: unknown }[] & ParsedExpression[];
  tryEvaluate: unknown;
}

/** A prepared payload holds JSON and expressions; only an expression has methods. */
function isParsedExpression(node: object): node is ParsedExpression {
  return typeof (node as { tryEvaluate?: unknown }).tryEvaluate === 'function' && Array.isArray((node as { children?: unknown }).children);
}

/**
 * `a.b.c` parses to Accessor(c, Accessor(b, Accessor(a))). As the library's memory does, a path
 * that does not start with "$" is read under $data; the root name is matched to the memory's keys
 * ignoring case. Anything but a chain of plain names is left to the library.
 */
function plainPathOf(expression: ParsedExpression): string[] | null {
  const names: string[] = [];
  let e: ParsedExpression | undefined = expression;
  while (e) {
    if (e.type !== 'Accessor' || e.children.length < 1 || e.children.length > 2) return null;
    const name = e.children[0]!;
    if (name.type !== 'Constant' || typeof name.value !== 'string' || !PLAIN_NAME.test(name.value)) return null;
    names.unshift(name.value);
    e = e.children.length === 2 ? e.children[1] : undefined;
  }
  if (!names[0]!.startsWith('$')) names.unshift('$data');
  const root = MEMORY_ROOTS.find((k) => k.toLowerCase() === names[0]!.toLowerCase());
  if (!root || root === '_memory') return null;
  names[0] = root;
  return names;
}
