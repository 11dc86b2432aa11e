import { joinLinkClosedPage } from '../shared/domain/sms/join-link-page';
import { resolveJoinLink } from '../shared/usecases/sms/resolve-join-link';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** `/api/v/{token}`: the link in the patient's text. Redirects to the visit's lobby, or explains why it no longer works. */
httpFunction('join-link', {
  route: 'v/{token}',
  methods: ['GET', 'HEAD'],
  handler: async (request, invocation) => {
    const { sms } = deps();
    const headers = {
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    };
    if (!sms.visitLobby) {
      invocation.log.error('join link used but no meeting service is wired for the SMS area');
      const page = joinLinkClosedPage('unknown');
      return { status: 503, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' }, body: page.html };
    }
    const result = await resolveJoinLink({ clock: sms.clock, joinLinks: sms.joinLinks, smsAppointments: sms.smsAppointments, visitLobby: sms.visitLobby, joinWindowMinutes: sms.joinWindowMinutes }, request.params.token ?? '', invocation.log);
    if (result.kind === 'lobby') return { status: 302, headers: { ...headers, Location: result.url } };
    const page = joinLinkClosedPage(result.state);
    return { status: page.status, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' }, body: page.html };
  },
});
