import type { Delimiters } from './encoding';

/**
 * HL7 escape sequences, which the parsing library leaves undecoded. Decoding uses the
 * message's own delimiters (`\F\` is whatever MSH-1 was). Formatting and highlighting
 * commands carry no data for us: `.br` becomes a line break, the others disappear.
 */
const SEQUENCE = /\\([^\\]*)\\/g;

export function decodeEscapes(value: string, delimiters: Delimiters): string {
  if (!value.includes('\\')) return value;
  return value.replace(SEQUENCE, (whole, body: string) => {
    switch (body) {
      case 'F': return delimiters.field;
      case 'S': return delimiters.component;
      case 'T': return delimiters.subComponent;
      case 'R': return delimiters.repetition;
      case 'E': return delimiters.escape;
      case 'H': case 'N': return '';
      case '.br': return '\n';
    }
    if (/^X([0-9A-Fa-f]{2})+$/.test(body)) return hexText(body.slice(1));
    if (/^(\.(sp|in|ti|sk|fi|nf|ce)|[CM][0-9A-Fa-f]*|Z.*)/.test(body)) return '';
    return whole;
  });
}

function hexText(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** Escapes text for a field we write (standard delimiters); line breaks become `\.br\`. */
export function encodeText(value: string): string {
  return value
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/\r\n|\r|\n/g, '\\.br\\');
}
