import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutboxMessage, OutboxStore } from './outbox-store';

/**
 * `/dev/sms` (also `/api/dev/sms`) on the local host: the texts a patient would have received, newest first
 * (`/dev/sms.json` for scripts). A route of the local host itself, not an HTTP function,
 * so it never exists in an Azure deployment. Pass it to the local host's `extraRoutes`.
 */
export function outboxPageRoute(store: OutboxStore): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '').replace(/^\/api(?=\/dev\/)/, '');
    if (path !== '/dev/sms' && path !== '/dev/sms.json') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed');
      return true;
    }
    const messages = await store.list();
    const json = path.endsWith('.json');
    res.writeHead(200, { 'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : json ? JSON.stringify(messages) : outboxHtml(messages));
    return true;
  };
}

export function outboxHtml(messages: readonly OutboxMessage[]): string {
  const rows = messages
    .map(
      (m) => `<article><header><time>${esc(m.createdAt)}</time> · from ${esc(m.from)} to ${esc(m.toMasked)} · ${m.segments} segment${m.segments === 1 ? '' : 's'}, ${esc(m.encoding)}</header>
<p>${linkify(esc(m.text))}</p></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>SMS outbox</title>
<style>body{font:15px system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:1rem;padding:.6rem 1rem;margin:.8rem 0;background:#f4f8ff}header{color:#555;font-size:12px}p{white-space:pre-wrap;margin:.4rem 0}</style></head>
<body><h1>SMS outbox</h1><p>Texts the connector would have sent (local development). Refreshes every 5 seconds.</p>
${rows || '<p><em>No texts yet.</em></p>'}</body></html>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}
