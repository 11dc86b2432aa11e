import { finishApprovalSignIn } from '../shared/usecases/config/approval';
import { isDomainError } from '../shared/domain/errors';
import { deps } from './_lib/app-context';
import { escapeHtml } from './_lib/html';
import { statusOf } from './_lib/problem';
import { httpFunction } from './_lib/register';

/** Where the EHR sends the approver's browser after sign-in (state + code); a page, not JSON. */
httpFunction('approval-callback', {
  route: 'approval-callback',
  methods: ['GET'],
  handler: async (request, invocation) => {
    const q = request.query;
    try {
      await finishApprovalSignIn(deps().config, { state: q.get('state'), code: q.get('code'), error: q.get('error') });
      return page(200, 'EHR sign-in complete', 'Return to the admin portal and confirm the approval.');
    } catch (error) {
      if (!isDomainError(error)) throw error;
      invocation.log.warn('approval sign-in failed', { code: error.code, reason: error.reason });
      return page(statusOf(error.code), `Sign-in not completed (${error.reason ?? error.code})`, error.message);
    }
  },
});

function page(status: number, title: string, text: string) {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'", 'Referrer-Policy': 'no-referrer' },
    body: `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></html>`,
  };
}
