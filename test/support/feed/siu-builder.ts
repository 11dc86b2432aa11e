/** Builds small SIU messages for tests (CR line endings). Real-world samples live in test/fixtures/hl7/siu. */
export interface SiuParts {
  event?: string;
  messageType?: string;
  controlId?: string;
  /** MSH-7. */
  messageTime?: string;
  version?: string;
  placerId?: string;
  fillerId?: string;
  /** SCH-11 as a whole (TQ). */
  sch11?: string;
  /** TQ1-7 / TQ1-8; omit for no TQ1 segment. */
  tq1Start?: string;
  tq1End?: string;
  aisStart?: string;
  /** PID-13 raw field. */
  pid13?: string;
  pid14?: string;
  patientName?: string;
  /** MSH-15 / MSH-16. */
  acceptAck?: string;
  appAck?: string;
  sendingApp?: string;
}

export function siu(p: SiuParts = {}): string {
  const msh = [
    'MSH', '^~\\&', p.sendingApp ?? 'EPIC', 'RIVERSIDE', 'VVC', 'VVC', p.messageTime ?? '20300105083000-0600', '',
    `${p.messageType ?? 'SIU'}^${p.event ?? 'S12'}^${p.messageType ?? 'SIU'}_${p.event ?? 'S12'}`,
    p.controlId ?? 'CTRL0001', 'P', p.version ?? '2.5.1', '', '', p.acceptAck ?? '', p.appAck ?? '',
  ].join('|');
  const sch = ['SCH', p.placerId ?? 'PL100', p.fillerId ?? 'CSN100', '', '', '', 'Routine', '', '', '30', 'min', p.sch11 ?? ''].join('|');
  const segments = [msh, sch];
  if (p.tq1Start !== undefined) segments.push(['TQ1', '1', '', '', '', '', '', p.tq1Start, p.tq1End ?? ''].join('|'));
  segments.push(['PID', '1', '', 'MRN123^^^RIV^MR', '', p.patientName ?? 'DOE^JANE', '', '19800101', 'F', '', '', '', '', p.pid13 ?? '^PRN^CP^^1^608^5550142', p.pid14 ?? ''].join('|'));
  segments.push('RGS|1');
  if (p.aisStart !== undefined) segments.push(['AIS', '1', '', 'VIDEO^Video visit', p.aisStart].join('|'));
  return segments.join('\r');
}
