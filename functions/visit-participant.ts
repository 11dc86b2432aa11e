import { lobbyStatus } from '../shared/usecases/launch/visit-room';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** Local visit rooms: a waiting patient's page polls whether it has been admitted. */
httpFunction('visit-participant', {
  route: 'visits/{meetingId}/participants/{participantId}',
  methods: ['GET'],
  handler: async (request) => ({
    status: 200,
    jsonBody: await lobbyStatus(deps(), { meetingId: request.params.meetingId, participantId: request.params.participantId }),
    headers: { 'Cache-Control': 'no-store' },
  }),
});
