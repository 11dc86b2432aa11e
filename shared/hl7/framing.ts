/**
 * From an HTTP body to segment lines: strips MLLP framing (VT ... FS CR), surrounding
 * whitespace and blank lines, and accepts CR, LF, CRLF and any mix of them (the parsing
 * library drops segments on mixed endings, so it never sees them).
 */
const MLLP_START = '\u000b';
const MLLP_END = '\u001c';

export function segmentLines(body: string): string[] {
  const unframed = body.replace(/^\uFEFF/, '').split(MLLP_START).join('').split(MLLP_END).join('');
  return unframed
    .split(/\r\n|\n|\r/)
    .map((line) => line.replace(/^\s+/, '').replace(/\s+$/, ''))
    .filter((line) => line.length > 0);
}

export interface SplitBody {
  /** Each message's segment lines, in order. */
  messages: string[][];
  /** The batch envelope, when the body was one (FHS/BHS ... BTS/FTS). */
  batch?: { fileHeader?: string; batchHeader?: string };
  /** Lines before the first MSH that are neither FHS nor BHS: the body is not HL7. */
  stray: string[];
}

const ENVELOPE = /^(FHS|BHS|BTS|FTS)(?=.|$)/;

/** Splits a body into messages at each MSH; batch envelope segments are set aside. */
export function splitMessages(lines: string[]): SplitBody {
  const messages: string[][] = [];
  const stray: string[] = [];
  let fileHeader: string | undefined;
  let batchHeader: string | undefined;
  let current: string[] | undefined;
  for (const line of lines) {
    const envelope = ENVELOPE.exec(line)?.[1];
    if (envelope) {
      if (envelope === 'FHS') fileHeader = line;
      if (envelope === 'BHS') batchHeader = line;
      current = undefined;
      continue;
    }
    if (line.startsWith('MSH')) {
      current = [line];
      messages.push(current);
    } else if (current) current.push(line);
    else stray.push(line);
  }
  const isBatch = fileHeader !== undefined || batchHeader !== undefined;
  return { messages, stray, ...(isBatch ? { batch: { ...(fileHeader ? { fileHeader } : {}), ...(batchHeader ? { batchHeader } : {}) } } : {}) };
}
