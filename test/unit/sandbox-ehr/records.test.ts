import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SandboxControl } from '../../../dev/sandbox-ehr/control';
import { sandboxKeys } from '../../../dev/sandbox-ehr/keys';
import { buildSandboxRecords, isFhirResource, loadFixtures } from '../../../dev/sandbox-ehr/records';
import { parseScopes, readAccess } from '../../../dev/sandbox-ehr/scopes';
import { SandboxState } from '../../../dev/sandbox-ehr/state';
import { FixedClock } from '../../../shared/adapters/system/fixed-clock';

describe('sandbox EHR records', () => {
  const now = new Date('2026-03-10T08:31:00Z');

  it('serves the Epic-style fixtures unchanged', () => {
    const fixtures = loadFixtures();
    expect(fixtures.map((r) => `${r.resourceType}/${r.id}`)).toContain('Appointment/eO7YqdbPW-nhcgXdQIR0HUA3');
    expect(buildSandboxRecords(now).resources).toEqual(expect.arrayContaining(fixtures));
  });

  it("generates today's visits with Epic quirks: ids with '.' and '-', patient only in participant.actor", () => {
    const { visits, resources } = buildSandboxRecords(now);
    expect(visits.length).toBeGreaterThanOrEqual(4);
    for (const v of visits) {
      expect(v.appointmentId).toMatch(/^[A-Za-z0-9]+\.[A-Za-z0-9]+-[A-Za-z0-9]+$/);
      expect(v.start.slice(0, 10)).toBe('2026-03-10');
      const appointment = resources.find((r) => r.resourceType === 'Appointment' && r.id === v.appointmentId);
      expect(appointment).toBeDefined();
      expect(appointment).not.toHaveProperty('patient');
      expect(JSON.stringify(appointment)).toContain(`"reference":"Patient/${v.patientId}"`);
      const encounter = resources.find((r) => r.resourceType === 'Encounter' && r.id === v.encounterId);
      expect(JSON.stringify(encounter)).toContain(`"reference":"Appointment/${v.appointmentId}"`);
      expect(resources.some((r) => r.resourceType === 'Practitioner' && r.id === v.practitionerId)).toBe(true);
      expect(resources.some((r) => r.resourceType === 'Patient' && r.id === v.patientId)).toBe(true);
    }
    // One visit starts 15 minutes after "now" (rounded to 5 minutes), so a launch can happen right away.
    expect(visits.map((v) => v.start)).toContain('2026-03-10T08:45:00.000Z');
  });

  it('keeps ids stable within a day and new the next day', () => {
    const ids = (d: string) => buildSandboxRecords(new Date(d)).visits.map((v) => v.appointmentId);
    expect(ids('2026-03-10T08:00:00Z').slice(0, 3)).toEqual(ids('2026-03-10T17:00:00Z').slice(0, 3));
    expect(ids('2026-03-11T08:00:00Z')[0]).not.toBe(ids('2026-03-10T08:00:00Z')[0]);
  });

  it('refuses something that is not a resource with a FHIR id', () => {
    expect(isFhirResource({ resourceType: 'Patient', id: 'a.b-c' })).toBe(true);
    expect(isFhirResource({ resourceType: 'Patient', id: 'a_b' })).toBe(false);
    expect(isFhirResource({ id: 'x' })).toBe(false);
    expect(isFhirResource('Patient')).toBe(false);
  });
});

describe('sandbox EHR scopes', () => {
  const served = ['Patient', 'Appointment'];
  it('grants SMART v1 and v2 scopes for served types and drops other types', () => {
    expect(parseScopes('launch openid fhirUser user/Appointment.read patient/Patient.rs user/Observation.read', served)).toEqual({
      ok: true,
      scopes: ['launch', 'openid', 'fhirUser', 'user/Appointment.read', 'patient/Patient.rs'],
    });
  });
  it('refuses malformed and backend scopes, naming them', () => {
    expect(parseScopes('user/Appointment.fly', served)).toMatchObject({ ok: false, message: expect.stringContaining('user/Appointment.fly') });
    expect(parseScopes('system/*.read', served)).toMatchObject({ ok: false });
    expect(parseScopes('  ', served)).toMatchObject({ ok: false });
  });
  it('reads with user/ over patient/, and not with write-only scopes', () => {
    expect(readAccess(['patient/*.read', 'user/Appointment.rs'], 'Appointment')).toBe('user');
    expect(readAccess(['patient/*.read'], 'Encounter')).toBe('patient');
    expect(readAccess(['user/Appointment.cu'], 'Appointment')).toBeUndefined();
    expect(readAccess(['user/Patient.read'], 'Appointment')).toBeUndefined();
  });
});

describe('sandbox EHR state and controls', () => {
  it('forgets entries at their expiry by the injected clock, and takes them once', () => {
    const clock = new FixedClock('2026-03-10T08:00:00Z');
    const state = new SandboxState(clock);
    state.assertionIds.put('a', true, 1000);
    clock.advance(999);
    expect(state.assertionIds.has('a')).toBe(true);
    clock.advance(1);
    expect(state.assertionIds.has('a')).toBe(false);
    state.assertionIds.put('b', true, 1000);
    expect(state.assertionIds.take('b')).toBe(true);
    expect(state.assertionIds.take('b')).toBeUndefined();
  });

  it('matches FHIR faults by type and id, and resets to the starting faults', () => {
    const control = new SandboxControl({ fhir: [{ resourceType: 'Patient', kind: 'server_error' }] }, 'approve');
    control.failFhir({ id: 'x.1', kind: 'timeout' });
    expect(control.fhirFaultFor('Patient', undefined)?.kind).toBe('server_error');
    expect(control.fhirFaultFor('Appointment', 'x.1')?.kind).toBe('timeout');
    expect(control.fhirFaultFor('Appointment', undefined)).toBeUndefined();
    control.authorization = 'deny';
    control.reset();
    expect(control.fhirFaultFor('Appointment', 'x.1')).toBeUndefined();
    expect(control.fhirFaultFor('Patient', 'p')?.kind).toBe('server_error');
    expect(control.authorization).toBe('approve');
  });
});

describe('sandbox EHR keys', () => {
  it('keeps its keys and certificate across restarts when given a directory', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-keys-'));
    try {
      const first = sandboxKeys(new Date('2026-03-10T08:00:00Z'), dir);
      const second = sandboxKeys(new Date('2026-03-11T08:00:00Z'), dir);
      expect(second.hl7.certificatePem).toBe(first.hl7.certificatePem);
      expect(second.idTokenKey.kid).toBe(first.idTokenKey.kid);
      expect(first.hl7.thumbprintSha1).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
      expect(sandboxKeys(new Date('2026-03-10T08:00:00Z')).hl7.certificatePem).not.toBe(first.hl7.certificatePem);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
