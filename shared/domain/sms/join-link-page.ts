import type { JoinLinkState } from './join-link';

/** The page a patient sees when a texted link no longer leads to a visit. Says nothing about the visit. */
const TEXT: Record<Exclude<JoinLinkState, 'open'>, { title: string; body: string }> = {
  expired: { title: 'This visit link has expired', body: 'The time for this video visit has passed. If you still need to see your care team, please contact your clinic.' },
  cancelled: { title: 'This visit is no longer scheduled', body: 'This video visit was cancelled or changed. Please contact your clinic if you have questions, or use the link in your most recent text.' },
  unknown: { title: 'This link does not work', body: 'We could not find a video visit for this link. Please check the link in your text message, or contact your clinic.' },
};

export function joinLinkClosedPage(state: Exclude<JoinLinkState, 'open'>): { status: number; html: string } {
  const t = TEXT[state];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${t.title}</title><style>body{font:17px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1.2rem;color:#222}h1{font-size:1.4rem}</style></head>
<body><main><h1>${t.title}</h1><p>${t.body}</p></main></body></html>`;
  return { status: state === 'unknown' ? 404 : 410, html };
}
