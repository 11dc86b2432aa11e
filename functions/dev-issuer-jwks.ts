import { devIssuerJwks } from '../shared/adapters/devauth/dev-issuer';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The dev issuer's public key (ADMIN_AUTH_MODE=dev only; 404 otherwise): the admin API verifies dev tokens with it. */
httpFunction('dev-issuer-jwks', {
  route: 'dev-issuer/jwks',
  methods: ['GET'],
  handler: async () => {
    const key = deps().devIssuerKey;
    if (!key) return { status: 404, body: 'Not Found' };
    return { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: JSON.stringify(devIssuerJwks(key())) };
  },
});
