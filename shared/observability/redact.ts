/**
 * Redaction is done inside the logger, so no caller can forget it. Two layers:
 * fields whose *name* says they hold personal data or secrets are dropped whole,
 * and every string that is logged is scanned for tokens, HL7 segments, phone
 * numbers and e-mail addresses.
 */
const REDACTED = '[redacted]';

const SENSITIVE_KEY_PARTS = [
  'phone', 'mobile', 'msisdn', 'recipient', 'name', 'token', 'authorization', 'password', 'secret',
  'hl7', 'body', 'email', 'address', 'birth', 'dob', 'assertion', 'cookie', 'privatekey', 'accesskey',
  'connectionstring', 'signature', 'credential', 'text', 'message',
];
/** Names that contain a sensitive word but hold only technical identifiers. */
const SAFE_KEYS = new Set([
  'functionname', 'queuename', 'tablename', 'hostname', 'settingname', 'eventname', 'messageid',
  'messagetype', 'tokentype', 'messagecount', 'tokenendpoint', 'namespace',
]);

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const HL7_SEGMENT = /\b[A-Z][A-Z0-9]{2}\|[^\r\n]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Identifiers (invocation ids) are kept whole: phone scanning skips them. */
const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
const UUID_WHOLE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 10 to 15 digits, optionally with +, spaces, dots, dashes or brackets between them; not the tail of a UUID. */
const PHONE = /(?<![\w-])\+?\(?\d(?:[\s().-]{0,2}\d){9,14}(?![\w])/g;

export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z]/g, '');
  if (SAFE_KEYS.has(k)) return false;
  return SENSITIVE_KEY_PARTS.some((part) => k.includes(part));
}

export function redactText(text: string): string {
  return text
    .replace(JWT, '[jwt]')
    .replace(BEARER, '$1 [redacted]')
    .replace(HL7_SEGMENT, '[hl7]')
    .replace(EMAIL, '[email]')
    .split(UUID)
    .map((part) => (UUID_WHOLE.test(part) ? part : part.replace(PHONE, '[phone]')))
    .join('');
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[too deep]';
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return redactError(value, depth);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = isSensitiveKey(key) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return `[${typeof value}]`;
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, error: redactText(error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (error.stack) out.stack = redactText(error.stack.split('\n').slice(1, 8).join('\n'));
  if (error.cause !== undefined) out.cause = redact(error.cause, depth + 1);
  return out;
}
