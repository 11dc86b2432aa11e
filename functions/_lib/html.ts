import { randomBytes } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { isDomainError } from '../../shared/domain/errors';
import { nextStepFor } from '../../shared/domain/launch/launch-errors';
import type { Logger } from '../../shared/observability/logger';
import { statusOf } from './problem';

/**
 * Small HTML pages for people who arrive by browser (launches, visit rooms). The launch
 * error page names the failure, says what to do next and gives the correlation id; nothing
 * internal (no stack, no upstream body) reaches the page.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface Page {
  title: string;
  /** Trusted HTML (escape every value put into it). */
  body: string;
  /** Inline script, allowed by a per-response nonce. */
  script?: string;
  status?: number;
  /** Extra Permissions-Policy, e.g. `camera=(self), microphone=(self)` for the device test. */
  permissions?: string;
}

export function htmlPage(page: Page): HttpResponseInit {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.code{font-family:ui-monospace,monospace;background:#f2f2f2;padding:.1rem .3rem}.muted{color:#555;font-size:.9rem}
button{font-size:1rem;padding:.4rem 1rem}li{margin:.4rem 0}</style></head>
<body>${page.body}${page.script ? `<script nonce="${nonce}">${page.script}</script>` : ''}</body></html>`;
  return {
    status: page.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self'; media-src 'self' blob:; frame-ancestors *`,
      'Permissions-Policy': page.permissions ?? 'camera=(), microphone=()',
    },
    body: html,
  };
}

/** The launch failure page: named code, next step, correlation id. Unknown errors show INTERNAL_ERROR and are logged. */
export function launchErrorPage(error: unknown, correlationId: string, log: Logger): HttpResponseInit {
  const named = isDomainError(error);
  const reason = named ? (error.reason ?? error.code.toUpperCase()) : 'INTERNAL_ERROR';
  const status = named ? statusOf(error.code) : 500;
  if (!named || status >= 500) log.warn('launch failed', { reason, error });
  else log.info('launch refused', { reason, detail: error.message });
  const detail = named ? error.message : 'Something went wrong on our side.';
  return htmlPage({
    title: 'The virtual visit could not start',
    status,
    body: `<h1>The virtual visit could not start</h1>
<p>${escapeHtml(detail)}</p>
<p><strong>What to do next:</strong> ${escapeHtml(nextStepFor(named ? error.reason : undefined))}</p>
<p class="muted">Error code <span class="code" data-testid="error-code">${escapeHtml(reason)}</span> · reference <span class="code" data-testid="correlation-id">${escapeHtml(correlationId)}</span></p>`,
  });
}

/** A 302 that leaves no trace of the launch in caches or referrers. */
export function redirect(location: string): HttpResponseInit {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } };
}
