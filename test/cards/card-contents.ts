/** Readers of what a rendered card shows and does. */

/** Every text a person reads on the card: texts, labels, fact titles and values, choice titles, button titles. */
export function visibleTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, parentKey: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, parentKey));
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'label', 'placeholder', 'errorMessage', 'tooltip', 'fallbackText']) {
      if (typeof n[key] === 'string') out.push(n[key] as string);
    }
    // facts show their value; choices and inputs do not (a choice's value is its id)
    if (parentKey === 'facts' && typeof n.value === 'string') out.push(n.value);
    for (const [key, value] of Object.entries(n)) if (key !== 'data') walk(value, key);
  };
  walk(card, '');
  return out;
}

/**
 * The lines of a document shown as it is (monospace TextRuns: the person-data export's JSON). What
 * they hold is data, codes included ("action": "case.submitted"), not texts to translate.
 */
export function verbatimTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextRun' && typeof n.text === 'string' && String(n.fontType).toLowerCase() === 'monospace') out.push(n.text);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** Every Action.Execute verb in a card or template. */
export function executeVerbs(node: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute') out.push(String(o.verb));
    Object.values(o).forEach(walk);
  };
  walk(node);
  return out;
}

/** Every action type used, to catch Action.Submit or others the bot never answers. */
export function actionTypes(node: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o.type);
    Object.values(o).forEach(walk);
  };
  walk(node);
  return out;
}
