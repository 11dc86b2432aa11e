import { admitFromLobby } from '../shared/usecases/launch/visit-room';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** Local visit rooms: the organiser admits one waiting participant (host key in X-Visit-Host-Key). */
httpFunction('visit-admit', {
  route: 'visits/{meetingId}/participants/{participantId}/admit',
  methods: ['POST'],
  handler: async (request) => ({
    status: 200,
    jsonBody: await admitFromLobby(deps(), { meetingId: request.params.meetingId, participantId: request.params.participantId, key: request.headers.get('x-visit-host-key') }),
  }),
});
