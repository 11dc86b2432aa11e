import { launchVisitNames, MAX_VISIT_NAMES, scheduledVisitNames } from '../../../shared/domain/launch/visit-names';

describe('the names one appointment goes by', () => {
  it('a launch names the FHIR id first, then the sessionId that led to it, then each identifier value (trimmed, once)', () => {
    expect(launchVisitNames({ id: 'eA.1-x3', identifiers: ['  260309001', '1505', '260309001'] }, '260309001')).toEqual(['fhir:eA.1-x3', 'id:260309001', 'id:1505']);
  });

  it('a sessionId that is the FHIR id itself is not an identifier; empty and over-long values are left out', () => {
    expect(launchVisitNames({ id: 'eA', identifiers: ['', '   ', 'x'.repeat(129), 'ok'] }, 'eA')).toEqual(['fhir:eA', 'id:ok']);
  });

  it('keeps at most a dozen names', () => {
    const many = Array.from({ length: 40 }, (_, i) => `v${i}`);
    expect(launchVisitNames({ id: 'eA', identifiers: many })).toHaveLength(MAX_VISIT_NAMES);
  });

  it('the feed names its key (SCH-2, else SCH-1), SCH-2 and SCH-1 as identifiers: the CSN matches the launch', () => {
    expect(scheduledVisitNames({ appointmentId: 'F-77', fillerId: 'F-77', placerId: '260309001' })).toEqual(['id:F-77', 'id:260309001']);
    expect(scheduledVisitNames({ appointmentId: '260309001', placerId: '260309001' })).toEqual(['id:260309001']);
    const launch = launchVisitNames({ id: 'eA.1-x3', identifiers: [] }, '260309001');
    expect(scheduledVisitNames({ appointmentId: 'F-77', fillerId: 'F-77', placerId: '260309001' }).filter((n) => launch.includes(n))).toEqual(['id:260309001']);
  });

  it('a FHIR id is never mistaken for a feed id of the same text', () => {
    expect(scheduledVisitNames({ appointmentId: 'eA' })).not.toContain('fhir:eA');
  });
});
