/**
 * The connector's signing keys for SMART client assertions (`private_key_jwt`).
 * The private key never leaves the source: callers hand it bytes to sign.
 * The JWKS lists the current key and the next one, so an EHR that syncs the JWKS
 * already trusts the next key before the connector starts signing with it.
 */
export type SigningAlgorithm = 'RS384' | 'ES384';

export interface PublicJwk {
  kty: string;
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
}

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  /** The JWS signature over `data` (PKCS#1 v1.5 for RS384, raw r||s for ES384). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface KeySource {
  /** The key to sign with now. */
  signingKey(): Promise<SigningKey>;
  /** Public keys to publish: current first, then next (never a private part). */
  publicKeys(): Promise<PublicJwk[]>;
}
