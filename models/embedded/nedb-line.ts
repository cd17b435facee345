/**
 * One document as a line of a collection file, exactly as nedb's own `model.serialize` writes it
 * (dates as {"$$date": ms}, an invalid date as null, undefined left out), for the append on every
 * write. nedb serializes through JSON.stringify with a replacer function, which keeps V8 off its
 * fast path and costs about twice as much; here dates are swapped out first and the plain
 * JSON.stringify does the rest. Keys are not checked again: nedb checked them before the write.
 */
export function serializeNedbLine(doc: unknown): string {
  return JSON.stringify(replaceDates(doc));
}

function replaceDates(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // as nedb does: a date from any realm (jest's sandbox, another module's) is a date
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const ms = (value as Date).getTime();
    return Number.isNaN(ms) ? null : { $$date: ms };
  }
  if (Array.isArray(value)) return value.map(replaceDates);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = replaceDates((value as Record<string, unknown>)[key]);
  return out;
}
