import { createHash } from 'node:crypto';
import { formatHl7Time } from '../../shared/hl7/datetime';
import type { SandboxVisit } from './records';

/**
 * The scheduling message the sandbox EHR's HL7 interface would send for one of its visits,
 * shaped like Epic's outgoing SIU: SCH-1 (placer appointment id) is the visit's CSN, the same
 * value the launch record passes as `sessionId` and the Appointment and Encounter carry as an
 * identifier; SCH-2 (filler appointment id) is the scheduling system's own id, which is neither
 * the CSN nor the FHIR id. So the feed keys the appointment by an id the FHIR side never shows,
 * as in production. Sign and post it like `npm run hl7:send` (see dev/hl7-send.ts).
 */
export interface SandboxSiuOptions {
  event?: 'S12' | 'S13' | 'S14' | 'S15' | 'S17' | 'S26';
  controlId: string;
  /** MSH-7: later messages must carry later times (the feed applies in order). */
  messageTime: Date;
  /** PID-13 as E.164 `+1NPANXXXXXX`; default the patient's own fictional number (`sandboxMobile`). */
  mobile?: string;
  /** SCH-2; default the visit's filler id. Empty: none is sent (then SCH-1 is the feed's key). */
  fillerId?: string;
  /** The start and end to send (a reschedule); default the visit's. */
  start?: string;
  end?: string;
}

/** The filler appointment id the sandbox's scheduling system gives a visit. */
export function sandboxFillerId(visit: SandboxVisit): string {
  return `SCHED-${visit.csn}`;
}

/**
 * The mobile the sandbox EHR holds for a patient: US, in the range reserved for fiction
 * (608-555-0100 to 0189; 0190-0199 are left for sending numbers), the same for one patient
 * on every visit, different for the sandbox's patients.
 */
export function sandboxMobile(patientId: string): string {
  const slot = createHash('sha256').update(patientId).digest().readUInt32BE(0) % 90;
  return `+16085550${100 + slot}`;
}

export function sandboxSiu(visit: SandboxVisit, options: SandboxSiuOptions): string {
  const event = options.event ?? 'S12';
  const start = formatHl7Time(new Date(options.start ?? visit.start));
  const end = formatHl7Time(new Date(options.end ?? visit.end));
  const mobile = /^\+1(\d{3})(\d{7})$/.exec(options.mobile ?? sandboxMobile(visit.patientId));
  if (!mobile) throw new Error('sandbox SIU: the mobile must be a +1 E.164 number');
  const filler = options.fillerId ?? sandboxFillerId(visit);
  const minutes = Math.round((Date.parse(options.end ?? visit.end) - Date.parse(options.start ?? visit.start)) / 60_000);
  return [
    `MSH|^~\\&|EPIC|SANDBOX-EHR|VVC|VVC|${formatHl7Time(options.messageTime)}||SIU^${event}^SIU_S12|${options.controlId}|P|2.5.1`,
    `SCH|${visit.csn}^EPC|${filler ? `${filler}^EPC` : ''}||||ROUTINE^Routine|2101^Video Visit|${minutes}|min|^^${minutes}^${start}^${end}`,
    `TQ1|1||||||${start}|${end}`,
    `PID|1||${visit.patientId}^^^EPI^MR||SANDBOX^PATIENT||||||||^PRN^CP^^1^${mobile[1]}^${mobile[2]}`,
    'RGS|1',
    `AIS|1||2101^Video Visit|${start}`,
    `AIP|1||${visit.practitionerId}^^^^^^^^EPI|PPRF^Primary performer`,
  ].join('\r');
}
