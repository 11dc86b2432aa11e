import { publishJwks } from '../shared/usecases/launch/publish-jwks';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The connector's public signing keys (current and next), which the EHR syncs for private_key_jwt. */
httpFunction('jwks', {
  route: '.well-known/jwks.json',
  methods: ['GET'],
  handler: async () => ({
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' },
    body: JSON.stringify(await publishJwks(deps())),
  }),
});
