import { joinLobby, listLobby } from '../shared/usecases/launch/visit-room';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** Local visit rooms: POST joins the lobby (patient); GET lists it (organiser, with the host key). */
httpFunction('visit-participants', {
  route: 'visits/{meetingId}/participants',
  methods: ['GET', 'POST'],
  handler: async (request) => {
    const meetingId = request.params.meetingId;
    if (request.method === 'POST') return { status: 201, jsonBody: await joinLobby(deps(), { meetingId }), headers: { 'Cache-Control': 'no-store' } };
    return { status: 200, jsonBody: await listLobby(deps(), { meetingId, key: request.headers.get('x-visit-host-key') }), headers: { 'Cache-Control': 'no-store' } };
  },
});
