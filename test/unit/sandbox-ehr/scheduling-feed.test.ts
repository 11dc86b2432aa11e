import { buildSandboxRecords } from '../../../dev/sandbox-ehr/records';
import { scheduleJson } from '../../../dev/sandbox-ehr/schedule-json';
import { sandboxMobile, sandboxSiu } from '../../../dev/sandbox-ehr/scheduling-feed';
import { DEV_SENDING_NUMBER } from '../../../dev/seed/development-sms';
import { toE164 } from '../../../shared/domain/phone';

/** The sandbox's own feed: each patient has a fictional US mobile of their own, carried in PID-13. */
describe('sandbox EHR scheduling feed', () => {
  const { visits } = buildSandboxRecords(new Date('2026-03-10T08:31:00Z'));
  const patients = [...new Set(visits.map((v) => v.patientId))];

  it("gives each of the sandbox's patients a different valid US mobile in 608-555-0100..0189, never the development sending number", () => {
    const mobiles = patients.map(sandboxMobile);
    expect(new Set(mobiles).size).toBe(patients.length);
    for (const mobile of mobiles) {
      expect(mobile).toMatch(/^\+160855501[0-8]\d$/);
      expect(toE164(mobile, 'US')).toBe(mobile);
      expect(mobile).not.toBe(DEV_SENDING_NUMBER);
    }
    expect(sandboxMobile(patients[0]!)).toBe(sandboxMobile(patients[0]!));
  });

  it("sends the patient's mobile in PID-13 unless one is given", () => {
    const visit = visits[0]!;
    const siu = sandboxSiu(visit, { controlId: 'C1', messageTime: new Date('2026-03-10T08:00:00Z') });
    const digits = sandboxMobile(visit.patientId).slice(2);
    expect(siu).toContain(`^PRN^CP^^1^${digits.slice(0, 3)}^${digits.slice(3)}`);
    expect(sandboxSiu(visit, { controlId: 'C2', messageTime: new Date('2026-03-10T08:00:00Z'), mobile: '+16085550101' })).toContain('^PRN^CP^^1^608^5550101');
  });

  it('lists the schedule earliest first with ids and times only', () => {
    const listed = scheduleJson([...visits].reverse()).visits;
    expect(listed.map((v) => v.start)).toEqual([...visits].map((v) => v.start).sort());
    expect(Object.keys(listed[0]!).sort()).toEqual(['appointmentId', 'csn', 'departmentId', 'encounterId', 'end', 'patientId', 'practitionerId', 'start']);
  });
});
