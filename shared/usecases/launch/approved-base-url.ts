import type { BaseUrl } from '../../domain/config/base-url';
import { isApproved } from '../../domain/config/base-url';
import { normaliseBaseUrl } from '../../domain/config/base-url-rules';
import { launchError } from '../../domain/launch/launch-errors';
import { DomainError } from '../../domain/errors';
import type { LaunchDeps } from './launch-deps';

/**
 * The `iss` check, done before ANY outbound request: `iss` must equal (after the same
 * normalisation the admin API applies) a configured base URL whose approval is complete
 * and whose environment is this deployment's. Each way of failing has its own name.
 */
export async function approvedBaseUrl(deps: Pick<LaunchDeps, 'configStore' | 'launchConfig'>, iss: string): Promise<BaseUrl> {
  const normalised = normaliseBaseUrl(iss, { allowPrivateNetwork: deps.launchConfig.allowPrivateNetwork });
  if (!normalised.ok) {
    throw new DomainError('validation', `The launch's iss ${normalised.message}.`, { reason: 'LAUNCH_REQUEST_INVALID', fields: [{ field: 'iss', message: normalised.message }] });
  }
  const configured = (await deps.configStore.findBaseUrlsByUrl(normalised.url)).map((v) => v.value);
  if (configured.length === 0) throw launchError('TENANT_CONFIG_NOT_FOUND', 'No organisation has configured this EHR (iss) for virtual visits.');
  const approved = configured.filter(isApproved);
  if (approved.length === 0) throw launchError('BASE_URL_NOT_APPROVED', 'This EHR base URL is configured but its approval is not complete.');
  const matching = approved.filter((b) => b.environment === deps.launchConfig.environment);
  if (matching.length === 0) throw launchError('BASE_URL_WRONG_ENVIRONMENT', `This EHR base URL is approved for another environment than this connector's (${deps.launchConfig.environment}).`);
  if (matching.length > 1) throw launchError('BASE_URL_AMBIGUOUS', 'More than one organisation has approved this EHR base URL in this environment.');
  const [only] = matching;
  if (!only) throw launchError('TENANT_CONFIG_NOT_FOUND', 'No organisation has configured this EHR (iss) for virtual visits.');
  return only;
}
