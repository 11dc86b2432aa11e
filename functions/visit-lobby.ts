import { checkRoomId } from '../shared/usecases/launch/visit-room';
import { htmlPage } from './_lib/html';
import { httpFunction } from './_lib/register';
import { lobbyPage } from './_lib/visit-pages';

/** Local visit rooms: the patient's page, "waiting in the lobby" until the organiser admits them. */
httpFunction('visit-lobby', {
  route: 'visits/{meetingId}/lobby',
  methods: ['GET'],
  handler: async (request) => htmlPage(lobbyPage(checkRoomId(request.params.meetingId))),
});
