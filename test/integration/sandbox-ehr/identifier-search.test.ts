import { fhirGet, launchToToken, startHarness, type Harness } from './sandbox-fixture';

/**
 * FHIR search by identifier, as Epic answers it: a launch's `sessionId` is the appointment's CSN,
 * which the connector resolves with `Appointment?identifier=` (or `Encounter?identifier=`), with or
 * without the identifier system. Epic's identifiers carry leading spaces (`"  FAMMD"`); a search for
 * the bare value still finds them. A patient token finds only the launch patient's records.
 */
const CSN_SYSTEM = 'urn:oid:1.2.840.114350.1.13.0.1.7.3.698084.8';

describe('sandbox EHR: search by identifier', () => {
  let h: Harness;
  let providerToken: string;
  beforeAll(async () => {
    h = await startHarness();
    const { token } = await launchToToken(h, 'provider');
    providerToken = String(token.body.access_token);
  });
  afterAll(async () => h.stop());

  const ids = (body: Record<string, unknown>): string[] =>
    (Array.isArray(body.entry) ? body.entry : []).map((e: { resource?: { id?: string } }) => e.resource?.id ?? '?');

  async function search(path: string, token = providerToken): Promise<{ total: unknown; ids: string[] }> {
    const answer = await fhirGet(h, path, token);
    expect(answer.status).toBe(200);
    expect(answer.body.resourceType).toBe('Bundle');
    return { total: answer.body.total, ids: ids(answer.body) };
  }

  it.each([
    ['the bare CSN', (csn: string) => csn],
    ['system|CSN', (csn: string) => `${CSN_SYSTEM}|${csn}`],
  ])('finds each generated appointment and its encounter by %s', async (_label, value) => {
    for (const visit of h.sandbox.visits) {
      const q = encodeURIComponent(value(visit.csn));
      expect(await search(`/Appointment?identifier=${q}`)).toEqual({ total: 1, ids: [visit.appointmentId] });
      expect(await search(`/Encounter?identifier=${q}`)).toEqual({ total: 1, ids: [visit.encounterId] });
    }
  });

  it('finds nothing under another system, an empty system or an unknown value', async () => {
    const csn = h.sandbox.visits[0]!.csn;
    for (const value of [`urn:oid:1.2.3|${csn}`, `|${csn}`, '999999999']) {
      expect(await search(`/Appointment?identifier=${encodeURIComponent(value)}`)).toEqual({ total: 0, ids: [] });
    }
  });

  it("finds the Epic fixtures' identifiers, leading spaces and all, with or without their system", async () => {
    expect(await search(`/Encounter?identifier=29544`)).toEqual({ total: 1, ids: ['eMT95RPaM-HxLc3NeIA5qlQ3'] });
    expect(await search(`/Appointment?identifier=${encodeURIComponent('urn:oid:1.2.840.114350.1.13.0.1.7.2.798267|1505')}`)).toEqual({ total: 1, ids: ['eO7YqdbPW-nhcgXdQIR0HUA3'] });
    // Stored as "  FAMMD" and "   E1000".
    for (const value of ['FAMMD', 'urn:oid:1.2.840.114350.1.13.0.1.7.2.697780|FAMMD', 'E1000']) {
      expect(await search(`/Practitioner?identifier=${encodeURIComponent(value)}`)).toEqual({ total: 1, ids: ['eM5CWtq15N0WJeuCet5bJlQ3'] });
    }
  });

  it("gives a patient token only the launch patient's appointment", async () => {
    const [mine, theirs] = [h.sandbox.visits[0]!, h.sandbox.visits[1]!];
    expect(mine.patientId).not.toBe(theirs.patientId);
    const { token } = await launchToToken(h, 'patient', 'launch openid fhirUser patient/Appointment.read', mine.appointmentId);
    const patientToken = String(token.body.access_token);
    expect(await search(`/Appointment?identifier=${mine.csn}`, patientToken)).toEqual({ total: 1, ids: [mine.appointmentId] });
    expect(await search(`/Appointment?identifier=${theirs.csn}`, patientToken)).toEqual({ total: 0, ids: [] });
  });
});
