import { devSignIn } from '../shared/usecases/portal/dev-sign-in';
import { json, jsonBody } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The portal's dev sign-in (ADMIN_AUTH_MODE=dev only, 404 otherwise): a dev-issuer token for a tenant, user and role. */
httpFunction('dev-issuer-token', {
  route: 'dev-issuer/token',
  methods: ['POST'],
  handler: async (request) => json(200, await devSignIn(deps().portal, { readBody: () => jsonBody(request) })),
});
