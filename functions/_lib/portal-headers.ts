import type { PortalClientConfig } from '../../shared/usecases/portal/serve-portal';

/**
 * Security headers of every portal file. The app loads only its own scripts and styles and
 * talks only to this origin (the admin API), plus Entra ID's sign-in origin when it signs in
 * with Entra (MSAL redirects there and renews tokens in a hidden frame).
 */
export function portalHeaders(config: PortalClientConfig): Record<string, string> {
  const signIn = config.signIn.mode === 'entra' ? ` ${new URL(config.signIn.authority).origin}` : '';
  const csp = [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", `connect-src 'self'${signIn}`,
    `frame-src${signIn || " 'none'"}`, "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; ');
  return { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };
}
