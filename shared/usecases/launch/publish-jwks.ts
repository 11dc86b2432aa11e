import type { KeySource, PublicJwk } from '../../ports/key-source';

/** The JWKS the EHR syncs: current and next public keys, never a private part. */
export async function publishJwks(deps: { keySource: KeySource }): Promise<{ keys: PublicJwk[] }> {
  const keys = await deps.keySource.publicKeys();
  return { keys: keys.map(({ kty, kid, alg, use, n, e, crv, x, y }) => ({ kty, kid, alg, use, ...(n ? { n, e } : { crv, x, y }) })) };
}
