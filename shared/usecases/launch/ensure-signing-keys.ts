import type { KeySource, PublicJwk } from '../../ports/key-source';

/**
 * Makes the connector's signing keys ready before anyone asks for them: local keys are created
 * on first use, so `npm start` calls this before it announces the stack, and the JWKS the EHR
 * (the sandbox) fetches is there from its first request. With Key Vault it proves the vault has
 * an active key the connector may read. The key to sign with must be among those published.
 */
export async function ensureSigningKeys(deps: { keySource: KeySource }): Promise<PublicJwk[]> {
  const published = await deps.keySource.publicKeys();
  const signing = await deps.keySource.signingKey();
  if (!published.some((k) => k.kid === signing.kid)) {
    throw new Error(`the signing key ${signing.kid} is not among the published keys`);
  }
  return published;
}
