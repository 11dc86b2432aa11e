import { createLogger, memorySink } from '../../shared/observability/logger';
import { redactText } from '../../shared/observability/redact';

describe('the logger never writes personal data or secrets', () => {
  const { sink, lines } = memorySink();
  const log = createLogger(sink, { invocationId: 'inv-1' });

  beforeEach(() => lines.splice(0));

  it('drops fields whose names say they are personal or secret', () => {
    log.info('appointment stored', { phone: '+16085550142', patientName: 'Camila Lopez', accessToken: 'abc', hl7Body: 'x', appointmentId: '36996' });
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ phone: '[redacted]', patientName: '[redacted]', accessToken: '[redacted]', hl7Body: '[redacted]', appointmentId: '36996', invocationId: 'inv-1' });
  });

  it('scrubs phone numbers, JWTs, bearer tokens, HL7 segments and e-mail addresses inside any text', () => {
    const jwt = 'eyJhbGciOiJSUzM4NCJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlX2hlcmU';
    log.warn(`send to +1 (608) 555-0142 failed; token ${jwt}`, {
      detail: 'Authorization: Bearer abc.def.ghi',
      raw: 'MSH|^~\\&|EPIC|...\rPID|1||123^^^MRN||LOPEZ^CAMILA||||||||^PRN^CP^^1^608^5550142',
      contact: 'camila@example.org',
      nested: { list: ['call 608.555.0142 now'] },
    });
    const line = lines[0]!;
    for (const secret of ['555-0142', '5550142', jwt, 'abc.def.ghi', 'LOPEZ', 'camila@example.org', '608.555']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[phone]');
    expect(line).toContain('[jwt]');
    expect(line).toContain('[hl7]');
  });

  it('logs errors by name and redacted message, never the raw text', () => {
    log.error('failed', { error: new Error('no route to +447700900123') });
    expect(lines[0]).not.toContain('7700900123');
    expect(lines[0]).toContain('"name":"Error"');
  });

  it('leaves ordinary technical values alone', () => {
    expect(redactText('appointment 36996 at 2026-11-26T09:30:00Z took 12 ms')).toBe('appointment 36996 at 2026-11-26T09:30:00Z took 12 ms');
  });

  it('keeps UUIDs whole even when their last group is all digits', () => {
    expect(redactText('invocation 3f2b8c1e-9a4d-4e21-8f00-426614174000')).toBe('invocation 3f2b8c1e-9a4d-4e21-8f00-426614174000');
    expect(redactText('id 12345678-1234-4234-8234-123456789012')).toBe('id 12345678-1234-4234-8234-123456789012');
  });

  it('respects the minimum level', () => {
    const quiet = createLogger(sink, {}, 'warn');
    quiet.info('not shown');
    quiet.warn('shown');
    expect(lines).toHaveLength(1);
  });
});
