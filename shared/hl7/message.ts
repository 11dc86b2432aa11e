import HL7 = require('hl7-standard');
import { delimitersOf, sameDelimiters, standardDelimiters, toStandardDelimiters, type Delimiters } from './encoding';
import { decodeEscapes } from './escape';

/** A field as repetitions -> components -> sub-components, escape sequences decoded. */
export type FieldValue = string[][][];

interface Segment {
  id: string;
  /** Index 0 is unused so that `fields[n]` is field n (MSH-1 is the field separator). */
  fields: FieldValue[];
}

/** Why a message could not be read at all (answered AR / CR with this HL7 0357 code). */
export class Hl7StructureError extends Error {
  constructor(readonly errorCode: '100' | '101' | '102', message: string, readonly location?: string) {
    super(message);
    this.name = 'Hl7StructureError';
  }
}

const SEGMENT_LINE = /^[A-Z][A-Z0-9]{2}$/;

/**
 * One HL7 v2 message read through `hl7-standard`, with its silent failures closed off:
 * every line must be a segment, MSH-2 is honoured, escapes are decoded, and the shapes
 * the library returns (string / object / array, varying with the data) become one.
 * Nothing outside `shared/hl7` sees the library.
 */
export class Hl7Message {
  private constructor(readonly delimiters: Delimiters, private readonly segments: Segment[]) {}

  static parse(lines: readonly string[]): Hl7Message {
    const header = lines[0];
    if (!header?.startsWith('MSH')) throw new Hl7StructureError('100', 'The message does not start with an MSH segment.', 'MSH');
    const delimiters = delimitersOf(header);
    if (!delimiters) throw new Hl7StructureError('102', 'MSH-1/MSH-2 do not hold a valid set of encoding characters.', 'MSH^1^2');
    const standard = lines.map((line, i) => {
      const id = line.slice(0, 3);
      if (!SEGMENT_LINE.test(id) || (line.length > 3 && line.charAt(3) !== delimiters.field)) {
        throw new Hl7StructureError('100', `Line ${i + 1} is not an HL7 segment (a three-character segment id and the field separator).`);
      }
      const text = sameDelimiters(delimiters, standardDelimiters) ? line : toStandardDelimiters(line, delimiters);
      return text.length === 3 ? `${text}|` : text;
    });
    const parsed = new HL7(`${standard.join('\r')}\r`, { lineEndings: '\r' });
    parsed.transform();
    const segments = librarySegments(parsed.transformed).map((s) => toSegment(s, delimiters));
    if (segments.length !== standard.length) throw new Hl7StructureError('100', 'Some segments could not be read.');
    return new Hl7Message(delimiters, segments);
  }

  segmentIds(): string[] {
    return this.segments.map((s) => s.id);
  }

  count(segmentId: string): number {
    return this.segments.filter((s) => s.id === segmentId).length;
  }

  /** All repetitions of a field of the `occurrence`-th segment with that id (0-based). */
  repetitions(segmentId: string, field: number, occurrence = 0): string[][] {
    const segment = this.segments.filter((s) => s.id === segmentId)[occurrence];
    return (segment?.fields[field] ?? []).map((rep) => rep.map((comp) => comp.join(this.delimiters.subComponent)));
  }

  /** One value: field, component and sub-component are 1-based, repetition and occurrence 0-based. '' when absent. */
  value(segmentId: string, field: number, component = 1, subComponent = 1, repetition = 0, occurrence = 0): string {
    const segment = this.segments.filter((s) => s.id === segmentId)[occurrence];
    return segment?.fields[field]?.[repetition]?.[component - 1]?.[subComponent - 1] ?? '';
  }
}

interface LibrarySegment {
  index: number;
  data: Record<string, unknown>;
}

function librarySegments(transformed: Record<string, unknown>): LibrarySegment[] {
  const out: LibrarySegment[] = [];
  for (const value of Object.values(transformed)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isLibrarySegment(item)) out.push(item);
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function isLibrarySegment(value: unknown): value is LibrarySegment {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { index?: unknown; data?: unknown };
  return typeof candidate.index === 'number' && typeof candidate.data === 'object' && candidate.data !== null;
}

function toSegment(librarySegment: LibrarySegment, delimiters: Delimiters): Segment {
  const entries = Object.entries(librarySegment.data);
  const id = entries[0]?.[0].slice(0, 3) ?? '';
  const fields: FieldValue[] = [];
  for (const [key, value] of entries) {
    const position = Number(key.slice(4));
    if (Number.isInteger(position)) fields[position] = toField(value).map((rep) => rep.map((comp) => comp.map((sub) => decodeEscapes(sub, delimiters))));
  }
  if (id === 'MSH') {
    fields[1] = [[[delimiters.field]]];
    fields[2] = [[[`${delimiters.component}${delimiters.repetition}${delimiters.escape}${delimiters.subComponent}`]]];
  }
  for (let i = 0; i < fields.length; i++) fields[i] ??= [];
  return { id, fields };
}

/**
 * The library's shapes: a string (one value), an object of components, an array of
 * component objects (repetitions), or an array of strings (sub-components of component 1).
 * Components are strings or arrays of sub-component strings.
 */
function toField(value: unknown): FieldValue {
  if (typeof value === 'string') return value === '' ? [] : [[[value]]];
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return [[value.map(String)]];
    return value.map((rep) => toComponents(rep));
  }
  return [toComponents(value)];
}

function toComponents(value: unknown): string[][] {
  if (typeof value !== 'object' || value === null) return [[typeof value === 'string' ? value : '']];
  const components: string[][] = [];
  for (const [key, comp] of Object.entries(value)) {
    const position = Number(key.split('.').pop());
    if (!Number.isInteger(position) || position < 1) continue;
    components[position - 1] = Array.isArray(comp) ? comp.map((s) => (typeof s === 'string' ? s : '')) : [typeof comp === 'string' ? comp : ''];
  }
  for (let i = 0; i < components.length; i++) components[i] ??= [''];
  return components;
}
