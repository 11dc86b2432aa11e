import { launchError } from './launch-errors';

/**
 * The EHR user's unique id: the one EHR identifier the product keeps long-term (DESIGN.md
 * section 5, table `ehrusers`). It is the id_token's `fhirUser` as an absolute URL: a relative
 * `Practitioner/abc` is resolved against the EHR's FHIR base URL (`iss`), so the same person is
 * one id whichever form the EHR sends, and users of two EHRs (or two environments) never collide.
 * Nothing else about the user is kept: no name, no `sub`, no token.
 */
export type EhrUserType = 'Practitioner' | 'Patient' | 'RelatedPerson' | 'Person';

export interface EhrUserId {
  /** e.g. `https://ehr.example/api/FHIR/R4/Practitioner/eM5CWtq15N0WJeuCet5bJlQ3`. */
  id: string;
  type: EhrUserType;
}

/** Table keys are at most 1 KiB; the id is stored URI-encoded. */
export const MAX_EHR_USER_ID_LENGTH = 1024;

const USER_REFERENCE = /(?:^|\/)(Practitioner|Patient|RelatedPerson|Person)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

export function ehrUserIdOf(fhirUser: string, iss: string): EhrUserId {
  const reference = fhirUser.trim();
  const match = USER_REFERENCE.exec(reference);
  const type = match?.[1];
  if (!match || !isUserType(type)) throw launchError('EHR_IDENTITY_INVALID', 'The EHR\'s id_token names no Practitioner, Patient, RelatedPerson or Person as fhirUser.');
  const withoutHistory = reference.slice(0, match.index + match[0].length).replace(/\/_history\/[^/]+$/, '');
  const absolute = /^https?:\/\//i.test(withoutHistory) ? withoutHistory : `${iss.replace(/\/+$/, '')}/${withoutHistory.replace(/^\/+/, '')}`;
  if (encodeURIComponent(absolute).length > MAX_EHR_USER_ID_LENGTH) throw launchError('EHR_IDENTITY_INVALID', 'The EHR\'s fhirUser is too long to be a user id.');
  return { id: absolute, type };
}

function isUserType(value: string | undefined): value is EhrUserType {
  return value === 'Practitioner' || value === 'Patient' || value === 'RelatedPerson' || value === 'Person';
}
