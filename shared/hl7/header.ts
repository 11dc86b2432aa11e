import { delimitersOf } from './encoding';
import type { Hl7Message } from './message';

/** The MSH fields an acknowledgement echoes back. Read even from messages we reject. */
export interface Hl7Header {
  controlId: string;
  messageType: string;
  event: string;
  version: string;
  processingId: string;
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-15 or MSH-16 present: the sender asked for enhanced acknowledgements (CA / CE / CR). */
  enhancedMode: boolean;
}

export function headerOf(message: Hl7Message): Hl7Header {
  const raw = (field: number, repetition = 0): string => (message.repetitions('MSH', field)[repetition] ?? []).join(message.delimiters.component);
  return {
    controlId: message.value('MSH', 10).trim(),
    messageType: message.value('MSH', 9, 1).trim(),
    event: message.value('MSH', 9, 2).trim(),
    version: message.value('MSH', 12, 1).trim(),
    processingId: message.value('MSH', 11, 1).trim(),
    sendingApplication: raw(3),
    sendingFacility: raw(4),
    receivingApplication: raw(5),
    receivingFacility: raw(6),
    enhancedMode: message.value('MSH', 15).trim() !== '' || message.value('MSH', 16).trim() !== '',
  };
}

/** Best effort for a message that could not be parsed: split the MSH line by its own delimiters. */
export function headerFromLine(line: string | undefined): Partial<Hl7Header> {
  if (!line?.startsWith('MSH')) return {};
  const d = delimitersOf(line);
  if (!d) return {};
  const fields = ['MSH', ...line.slice(4).split(d.field)];
  const msh = (n: number): string => fields[n - 1] ?? '';
  const type = msh(9).split(d.component);
  return {
    controlId: msh(10).trim(),
    messageType: (type[0] ?? '').trim(),
    event: (type[1] ?? '').trim(),
    version: (msh(12).split(d.component)[0] ?? '').trim(),
    processingId: (msh(11).split(d.component)[0] ?? '').trim(),
    sendingApplication: msh(3),
    sendingFacility: msh(4),
    receivingApplication: msh(5),
    receivingFacility: msh(6),
    enhancedMode: msh(15).trim() !== '' || msh(16).trim() !== '',
  };
}
