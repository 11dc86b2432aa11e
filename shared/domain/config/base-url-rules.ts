/**
 * How a FHIR base URL is written down. One function, used both when an admin enters a
 * URL and when a launch arrives with `iss`, so the two compare equal as strings.
 *
 * - https only; http is accepted only when the dev setting allows private-network URLs
 *   and the host is loopback or private (the sandbox EHR);
 * - no user info, query or fragment;
 * - scheme and host lower case, default port dropped, trailing slashes dropped, dot
 *   segments resolved; the path keeps its case (FHIR paths are case sensitive).
 */
export type NormaliseResult = { ok: true; url: string; host: string } | { ok: false; message: string };

export const MAX_BASE_URL_LENGTH = 2000;

export function normaliseBaseUrl(raw: string, options: { allowPrivateNetwork: boolean }): NormaliseResult {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, message: 'is empty' };
  if (text.length > MAX_BASE_URL_LENGTH) return { ok: false, message: `is longer than ${MAX_BASE_URL_LENGTH} characters` };
  if (/\s/.test(text) || [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return { ok: false, message: 'contains spaces or control characters' };
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, message: 'is not an absolute URL (e.g. https://ehr.example.org/api/FHIR/R4)' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { ok: false, message: 'must use https' };
  if (parsed.username !== '' || parsed.password !== '') return { ok: false, message: 'must not contain a user name or password' };
  if (parsed.search !== '' || text.includes('?')) return { ok: false, message: 'must not contain a query (?...)' };
  if (parsed.hash !== '' || text.includes('#')) return { ok: false, message: 'must not contain a fragment (#...)' };
  const host = parsed.hostname;
  if (host === '') return { ok: false, message: 'has no host' };
  const privateHost = isLoopbackOrPrivateHost(host);
  if (privateHost && !options.allowPrivateNetwork) return { ok: false, message: 'points at a private, loopback or link-local address' };
  if (parsed.protocol === 'http:' && !(options.allowPrivateNetwork && privateHost)) return { ok: false, message: 'must use https' };
  const path = parsed.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${parsed.protocol}//${parsed.host}${path}`, host };
}

/** Syntactic check of a host name or IP literal (no DNS): loopback, private, link-local, unspecified. */
export function isLoopbackOrPrivateHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  if (isIpv4(h)) return isPrivateIpv4(h);
  if (h.includes(':')) return isPrivateIpv6(h);
  return false;
}

const isIpv4 = (h: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(h) && h.split('.').every((o) => Number(o) <= 255);

export function isPrivateIpv4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) || a >= 224
  );
}

export function isPrivateIpv6(ip: string): boolean {
  const h = ip.toLowerCase().split('%')[0] ?? '';
  if (h === '::' || h === '::1') return true;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(h);
  if (mapped?.[1]) return isPrivateIpv4(mapped[1]);
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (hexMapped?.[1] && hexMapped[2]) {
    const hi = parseInt(hexMapped[1], 16);
    const lo = parseInt(hexMapped[2], 16);
    return isPrivateIpv4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  const first = parseInt(h.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}
