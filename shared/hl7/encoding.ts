/**
 * Delimiters of one message, read from MSH-1 and MSH-2 (never assumed: a sender may
 * pick its own). `standardDelimiters` is what we write and what the parsing library expects.
 */
export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subComponent: string;
}

export const standardDelimiters: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subComponent: '&' };

export const sameDelimiters = (a: Delimiters, b: Delimiters): boolean =>
  a.field === b.field && a.component === b.component && a.repetition === b.repetition && a.escape === b.escape && a.subComponent === b.subComponent;

/** Reads MSH-1/MSH-2 from a header line; undefined when they are not a usable set of delimiters. */
export function delimitersOf(headerLine: string): Delimiters | undefined {
  const field = headerLine.charAt(3);
  if (!field || /[A-Za-z0-9\s]/.test(field)) return undefined;
  const end = headerLine.indexOf(field, 4);
  const chars = end === -1 ? headerLine.slice(4) : headerLine.slice(4, end);
  if (chars.length < 4 || chars.length > 5) return undefined;
  const [component = '', repetition = '', escape = '', subComponent = ''] = chars.split('');
  const all = [field, component, repetition, escape, subComponent];
  if (new Set(all).size !== all.length || all.some((c) => /[A-Za-z0-9\s]/.test(c))) return undefined;
  return { field, component, repetition, escape, subComponent };
}

const HEX: Record<string, string> = { '|': '\\X7C\\', '^': '\\X5E\\', '~': '\\X7E\\', '\\': '\\X5C\\', '&': '\\X26\\' };

/**
 * Rewrites one segment from the sender's delimiters to the standard ones. A standard
 * delimiter that is plain data in the sender's encoding becomes a hex escape, so it
 * survives; the sender's escape sequences keep their meaning (`!F!` becomes `\F\`).
 */
export function toStandardDelimiters(segment: string, from: Delimiters): string {
  const map = new Map<string, string>([
    [from.field, '|'],
    [from.component, '^'],
    [from.repetition, '~'],
    [from.escape, '\\'],
    [from.subComponent, '&'],
  ]);
  const isHeader = segment.startsWith('MSH') || segment.startsWith('BHS') || segment.startsWith('FHS');
  const headEnd = isHeader ? segment.indexOf(from.field, 4) : 3;
  const head = isHeader ? `${segment.slice(0, 3)}|^~\\&` : segment.slice(0, 3);
  if (headEnd === -1) return head;
  let out = head;
  for (const ch of segment.slice(headEnd)) out += map.get(ch) ?? HEX[ch] ?? ch;
  return out;
}
