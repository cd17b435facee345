import * as ACData from 'adaptivecards-templating';

/**
 * A faster way through the expressions our templates use, with the templating library's exact
 * results. The library evaluates every expression through a fresh memory object, a regular-expression
 * split of each path and a case-insensitive key search, and every `$when` and `$data` the same way:
 * most of a card's render time, and the largest share of a card turn's own work. Here each
 * expression is compiled once, when the template is prepared, into a small function that reads the
 * data with the same rules (the same root names, the same case-insensitive first matching key, a
 * falsy step ending in undefined).
 *
 * A compiled expression answers only when the library's answer is certain: a plain path with a
 * defined value, a comparison of two strings, numbers or booleans, `!`, `&&` and `||` over booleans,
 * `count()` of an array, text joined with strings, numbers or booleans. Anything else (an undefined
 * value, which the library replaces with "${path}"; another type; another function) is left to the
 * library's own code for that one expression, so its substitutions and its errors stay exactly as
 * they were (only its expansion warnings, which nothing here reads, are not collected).
 * test/unit/fast-template.test.ts compares both on every template.
 */

interface EvaluationContext {
  $data: unknown;
  $index: unknown;
  saveState(): void;
  restoreLastState(): void;
}

interface TemplateInternals {
  _context: EvaluationContext;
  _preparedPayload: unknown;
  internalExpand(node: unknown): unknown;
}

interface ParsedExpression {
  type: string;
  value?: unknown;
  children: ParsedExpression[];
  tryEvaluate: unknown;
  toString(): string;
}

type LibraryEvaluate = (expression: unknown, context: EvaluationContext, allowSubstitutions: boolean) => { value: unknown; error?: unknown };

/** "Not decided here": the library evaluates this expression. */
const UNDECIDED = Symbol('undecided');
type Compiled = (context: EvaluationContext) => unknown;

/** The own keys of the library's TemplateObjectMemory, in its order: the first case-insensitive match wins. */
const MEMORY_ROOTS = ['_memory', '$root', '$data', '$index', '$host', '$_acTemplateVersion'];
/** Names that the library's path split (on ".", "[" and "]", quotes stripped) leaves whole and parseInt rejects. */
const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** The library's reserved fields, which it leaves out of an expanded object. */
const RESERVED_FIELDS = ['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion'];

/** A part of the template, compiled: expands that part in the template's current data context. */
type Expand = (template: TemplateInternals) => unknown;

const libraryExpand = (ACData.Template.prototype as unknown as TemplateInternals).internalExpand;
const libraryEvaluate = (ACData.Template as unknown as { internalTryEvaluateExpression: LibraryEvaluate }).internalTryEvaluateExpression;

const EXPAND_PREPARED = Symbol('compiled expansion of the prepared payload');

export class FastTemplate extends ACData.Template {
  constructor(payload: unknown) {
    super(payload);
    (this as unknown as CompiledTemplate)[EXPAND_PREPARED] = compileNode((this as unknown as TemplateInternals)._preparedPayload);
  }
}

type CompiledTemplate = TemplateInternals & { [EXPAND_PREPARED]: Expand };

// The library's expand() sets up the data context, then expands the prepared payload: here, compiled.
(FastTemplate.prototype as unknown as TemplateInternals).internalExpand = function (this: CompiledTemplate, node: unknown): unknown {
  return node === this._preparedPayload ? this[EXPAND_PREPARED](this) : libraryExpand.call(this, node);
};

/** Compiles a prepared payload (JSON values and parsed expressions) into one function per node. */
function compileNode(node: unknown): Expand {
  if (typeof node !== 'object' || node === null) return () => node; // the library returns a JSON leaf as it is
  if (Array.isArray(node)) return compileArray(node.map(compileNode));
  if (isParsedExpression(node)) return compileValue(node);
  const fields = node as Record<string, unknown>;
  const expandOnce = compileObjectFields(fields);
  if (fields.$when === undefined && fields.$data === undefined) return expandOnce;
  return compileTemplatedObject(fields.$when, fields.$data, expandOnce);
}

/** The library's array expansion: items that expand to null are left out, arrays (from $data) spliced in. */
function compileArray(items: readonly Expand[]): Expand {
  return (template) => {
    let expanded: unknown[] = [];
    for (const item of items) {
      const value = item(template);
      if (value === null) continue;
      if (Array.isArray(value)) expanded = expanded.concat(value);
      else expanded.push(value);
    }
    return expanded;
  };
}

/** An expression as a field's value: evaluated with "${path}" substitutions, an error thrown. */
function compileValue(expression: ParsedExpression): Expand {
  const compiled = compileExpression(expression);
  return (template) => {
    if (compiled) {
      const value = compiled(template._context);
      if (value !== UNDECIDED) return value;
    }
    const result = libraryEvaluate(expression, template._context, true);
    if (result.error) throw new Error(result.error as string);
    return result.value;
  };
}

/** The library's expandSingleObject: every field but the reserved ones, those that expand to undefined left out. */
function compileObjectFields(node: Record<string, unknown>): Expand {
  const keys = Object.keys(node).filter((key) => !RESERVED_FIELDS.includes(key));
  const values = keys.map((key) => compileNode(node[key]));
  return (template) => {
    const result: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = values[i]!(template);
      if (value !== undefined) result[keys[i]!] = value;
    }
    return result;
  };
}

/** The library's expansion of an object with $when and/or $data, step for step. */
function compileTemplatedObject(when: unknown, data: unknown, expandOnce: Expand): Expand {
  const evaluateData = isParsedExpression(data) ? compileValue(data) : () => data;
  const keep = isParsedExpression(when) ? compileCondition(when) : when ? () => false : () => true; // a $when that is not an expression drops the object
  return (template) => {
    const context = template._context;
    context.saveState();
    let dataContexts: unknown[] = [undefined];
    let repeated = false;
    if (data !== undefined) {
      const dataContext = evaluateData(template);
      repeated = Array.isArray(dataContext);
      dataContexts = repeated ? (dataContext as unknown[]) : [dataContext];
    }
    const results: unknown[] = [];
    for (let i = 0; i < dataContexts.length; i++) {
      if (repeated) context.$index = i;
      if (dataContexts[i] !== undefined) context.$data = dataContexts[i];
      if (keep(template)) results.push(expandOnce(template));
    }
    context.restoreLastState();
    if (results.length === 0) return null;
    return results.length === 1 ? results[0] : results;
  };
}

/** A $when: kept only when it evaluates to the boolean true (no substitutions, errors count as false). */
function compileCondition(when: ParsedExpression): (template: TemplateInternals) => boolean {
  // text with expressions is joined by adaptive-expressions' own concat here, without substitutions
  const compiled = when.type === 'concat' ? null : compileExpression(when);
  return (template) => {
    if (compiled) {
      const value = compiled(template._context);
      if (value !== UNDECIDED) return value === true;
    }
    const result = libraryEvaluate(when, template._context, false);
    return !result.error && result.value === true;
  };
}

/** A prepared payload holds JSON and expressions; only an expression has methods. */
function isParsedExpression(node: unknown): node is ParsedExpression {
  return (
    typeof node === 'object' &&
    node !== null &&
    typeof (node as { tryEvaluate?: unknown }).tryEvaluate === 'function' &&
    Array.isArray((node as { children?: unknown }).children)
  );
}

type Primitive = string | number | boolean;
const isPrimitive = (v: unknown): v is Primitive => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The expression forms our templates use; null: the library evaluates this expression. */
function compileExpression(e: ParsedExpression): Compiled | null {
  switch (e.type) {
    case 'Accessor': {
      const path = plainPathOf(e);
      if (!path) return null;
      return (context) => {
        const value = readPath(context, path);
        return value === undefined ? UNDECIDED : value;
      };
    }
    case 'Constant':
      return isPrimitive(e.value) ? () => e.value : null;
    case 'concat': {
      // text with expressions in it: each part turned into text as the library does (toString)
      const parts = compileChildren(e);
      if (!parts) return null;
      return (context) => {
        let text = '';
        for (const part of parts) {
          const value = part(context);
          if (!isPrimitive(value)) return UNDECIDED;
          text += value.toString();
        }
        return text;
      };
    }
    case '==':
    case '!=': {
      const operands = compileChildren(e, 2);
      if (!operands) return null;
      const equal = e.type === '==';
      return (context) => {
        const a = operands[0]!(context);
        const b = operands[1]!(context);
        if (!isPrimitive(a) || !isPrimitive(b)) return UNDECIDED;
        // adaptive-expressions' commonEquals for two primitives
        const same = (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < Number.EPSILON) || a === b;
        return same === equal;
      };
    }
    case '>':
    case '<':
    case '>=':
    case '<=': {
      const operands = compileChildren(e, 2);
      if (!operands) return null;
      const compare = COMPARISONS[e.type]!;
      return (context) => {
        const a = operands[0]!(context);
        const b = operands[1]!(context);
        return typeof a === 'number' && typeof b === 'number' ? compare(a, b) : UNDECIDED;
      };
    }
    case '!': {
      const operands = compileChildren(e, 1);
      if (!operands) return null;
      return (context) => {
        const value = operands[0]!(context);
        return typeof value === 'boolean' ? !value : UNDECIDED;
      };
    }
    case '&&':
    case '||': {
      const operands = compileChildren(e);
      if (!operands) return null;
      // the library stops at the first operand that decides; so does this, over booleans only
      const decisive = e.type === '||';
      return (context) => {
        for (const operand of operands) {
          const value = operand(context);
          if (typeof value !== 'boolean') return UNDECIDED;
          if (value === decisive) return decisive;
        }
        return !decisive;
      };
    }
    case 'count': {
      const operands = compileChildren(e, 1);
      if (!operands) return null;
      return (context) => {
        const value = operands[0]!(context);
        return Array.isArray(value) ? value.length : UNDECIDED;
      };
    }
    default:
      return null;
  }
}

const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
};

function compileChildren(e: ParsedExpression, count?: number): Compiled[] | null {
  if (count !== undefined && e.children.length !== count) return null;
  const compiled: Compiled[] = [];
  for (const child of e.children) {
    const c = compileExpression(child);
    if (!c) return null;
    compiled.push(c);
  }
  return compiled;
}

function readPath(context: EvaluationContext, path: readonly string[]): unknown {
  let value: unknown = (context as unknown as Record<string, unknown>)[path[0]!];
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
