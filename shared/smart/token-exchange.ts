import { z } from 'zod';
import type { SigningKey } from '../ports/key-source';
import { launchError } from '../domain/launch/launch-errors';
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from './client-assertion';
import { EhrUnreachableError, fetchFromEhr, jsonBody } from './ehr-http';

/**
 * Exchanges the authorization code at the token endpoint, authenticated with
 * `private_key_jwt`. The token response is validated; it is never logged.
 */
const fhirContextItem = z.union([z.string(), z.object({ reference: z.string().optional() }).loose()]);

const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'must be Bearer'),
    expires_in: z.number().optional(),
    scope: z.string().optional(),
    id_token: z.string().optional(),
    patient: z.string().optional(),
    encounter: z.string().optional(),
    appointment: z.string().optional(),
    fhirContext: z.array(fhirContextItem).optional(),
  })
  .loose();

export interface TokenResponse {
  accessToken: string;
  scope: string | undefined;
  idToken: string | undefined;
  patient: string | undefined;
  encounter: string | undefined;
  appointment: string | undefined;
  /** `fhirContext` references as strings (SMART 2.0 strings and 2.1 objects alike). */
  fhirContext: string[];
}

export interface CodeExchange {
  tokenEndpoint: string;
  code: string;
  redirectUri: string;
  codeVerifier: string;
  clientId: string;
  key: SigningKey;
  now: Date;
  timeoutMs: number;
}

export async function exchangeCode(input: CodeExchange): Promise<TokenResponse> {
  const assertion = await signClientAssertion(input.key, { clientId: input.clientId, tokenEndpoint: input.tokenEndpoint, now: input.now });
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
    code_verifier: input.codeVerifier,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
  });
  let response: Response;
  try {
    response = await fetchFromEhr(input.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: form.toString() }, input.timeoutMs);
  } catch (error) {
    if (error instanceof EhrUnreachableError) throw launchError('EHR_METADATA_UNREACHABLE', `The EHR's token endpoint did not answer (${error.message}).`, error);
    throw error;
  }
  const body = await jsonBody(response);
  if (response.status >= 500) throw launchError('EHR_METADATA_UNREACHABLE', `The EHR's token endpoint answered HTTP ${response.status}.`);
  if (!response.ok) {
    const oauthError = z.object({ error: z.string() }).safeParse(body);
    const code = oauthError.success ? oauthError.data.error : `HTTP ${response.status}`;
    throw launchError('EHR_TOKEN_REJECTED', `The EHR's token endpoint refused the connector (${safeCode(code)}).`);
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || 'body').join(', ');
    throw launchError('EHR_TOKEN_REJECTED', `The EHR's token response is not valid (${fields}).`);
  }
  const t = parsed.data;
  return {
    accessToken: t.access_token,
    scope: t.scope,
    idToken: t.id_token,
    patient: t.patient,
    encounter: t.encounter,
    appointment: t.appointment,
    fhirContext: (t.fhirContext ?? []).flatMap((item) => (typeof item === 'string' ? [item] : item.reference ? [item.reference] : [])),
  };
}

/** OAuth error codes are short tokens; anything else is not echoed. */
const safeCode = (code: string): string => (/^[A-Za-z0-9_ .-]{1,60}$/.test(code) ? code : 'error');
