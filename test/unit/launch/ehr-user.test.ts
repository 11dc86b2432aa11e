import { DomainError } from '../../../shared/domain/errors';
import { ehrUserIdOf, MAX_EHR_USER_ID_LENGTH } from '../../../shared/domain/launch/ehr-user';

describe('the EHR user id kept from a launch', () => {
  const iss = 'https://ehr.example/api/FHIR/R4';

  it('is the absolute fhirUser URL, whichever form the EHR sends', () => {
    const expected = { id: `${iss}/Practitioner/eOyFJ.PiGBcbhr3T1oyJZ1A3`, type: 'Practitioner' };
    expect(ehrUserIdOf(`${iss}/Practitioner/eOyFJ.PiGBcbhr3T1oyJZ1A3`, iss)).toEqual(expected);
    expect(ehrUserIdOf('Practitioner/eOyFJ.PiGBcbhr3T1oyJZ1A3', iss)).toEqual(expected);
    expect(ehrUserIdOf(' Practitioner/eOyFJ.PiGBcbhr3T1oyJZ1A3 ', `${iss}/`)).toEqual(expected);
    expect(ehrUserIdOf(`${iss}/Practitioner/eOyFJ.PiGBcbhr3T1oyJZ1A3/_history/4`, iss)).toEqual(expected);
    expect(ehrUserIdOf('Patient/erXuFYUfucBZaryVksYEcMg3', iss)).toEqual({ id: `${iss}/Patient/erXuFYUfucBZaryVksYEcMg3`, type: 'Patient' });
  });

  it('keeps users of two EHRs apart', () => {
    expect(ehrUserIdOf('Practitioner/abc', 'https://a.example/R4').id).not.toBe(ehrUserIdOf('Practitioner/abc', 'https://b.example/R4').id);
  });

  it.each([
    ['a resource that is not a user', 'Organization/abc'],
    ['a bare id', 'abc'],
    ['an id FHIR does not allow', 'Practitioner/a b'],
    ['an empty value', ' '],
    ['an id too long to be a table key', `https://ehr.example/${'x'.repeat(MAX_EHR_USER_ID_LENGTH)}/Practitioner/abc`],
  ])('refuses %s with EHR_IDENTITY_INVALID', (_label, fhirUser) => {
    let thrown: unknown;
    try {
      ehrUserIdOf(fhirUser, iss);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ reason: 'EHR_IDENTITY_INVALID' });
  });
});
