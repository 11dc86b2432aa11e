import { checkHostKey, checkRoomId } from '../shared/usecases/launch/visit-room';
import { htmlPage } from './_lib/html';
import { httpFunction } from './_lib/register';
import { hostPage } from './_lib/visit-pages';

/** Local visit rooms: the organiser's page, listing who waits in the lobby with Admit. */
httpFunction('visit-host', {
  route: 'visits/{meetingId}/host',
  methods: ['GET'],
  handler: async (request) => htmlPage(hostPage(checkRoomId(request.params.meetingId), checkHostKey(request.query.get('key')))),
});
