import { approvalAfterChange, approve, initialApproval } from '../../../shared/domain/config/approval-rules';
import { diffRecords } from '../../../shared/domain/config/audit';
import { maskPhoneNumber, smsSettingsProblems } from '../../../shared/domain/config/sms-rules';
import { DomainError } from '../../../shared/domain/errors';
import { baseUrl } from '../../support/config/fixtures';

const now = new Date('2026-03-02T10:00:00.000Z');
const approvedBy = { state: 'approved' as const, approvedAt: '2026-03-01T10:00:00.000Z', approvedBy: 'Practitioner/1', approverUpn: 'a@x.example' };

describe('approval state machine', () => {
  it('starts as draft without an approver and pending with one', () => {
    expect(initialApproval(undefined, now)).toEqual({ state: 'draft' });
    expect(initialApproval('a@x.example', now)).toEqual({ state: 'pending_approval', since: now.toISOString() });
  });

  it.each([
    [{ url: 'https://other.example.org/fhir' }, 'url'],
    [{ environment: 'production' as const }, 'environment'],
    [{ approverUpn: 'b@x.example' }, 'approverUpn'],
  ])('a change of %o after approval withdraws it', (change, field) => {
    const b = baseUrl('t', { approverUpn: 'a@x.example', approval: approvedBy });
    const result = approvalAfterChange(b, { url: b.url, environment: b.environment, approverUpn: b.approverUpn, ...change }, now);
    expect(result).toEqual({ approval: { state: 'pending_approval', since: now.toISOString(), reason: `changed after approval: ${field}` }, approvalWithdrawn: true });
  });

  it('keeps the approval when nothing it vouched for changed; removing the approver makes it a draft', () => {
    const b = baseUrl('t', { approverUpn: 'a@x.example', approval: approvedBy });
    expect(approvalAfterChange(b, { url: b.url, environment: b.environment, approverUpn: b.approverUpn }, now)).toEqual({ approval: approvedBy, approvalWithdrawn: false });
    expect(approvalAfterChange(b, { url: b.url, environment: b.environment, approverUpn: undefined }, now)).toEqual({ approval: { state: 'draft' }, approvalWithdrawn: true });
  });

  it('approves only a pending base URL, only by its approver', () => {
    const pending = baseUrl('t', { approverUpn: 'a@x.example' });
    expect(approve(pending, { ehrUserId: 'Practitioner/9', approverUpn: 'a@x.example', now }).approval).toEqual({ state: 'approved', approvedAt: now.toISOString(), approvedBy: 'Practitioner/9', approverUpn: 'a@x.example' });
    const reason = (f: () => unknown) => { try { f(); return 'none'; } catch (e) { return e instanceof DomainError ? e.reason : 'other'; } };
    expect(reason(() => approve(pending, { ehrUserId: 'P/1', approverUpn: 'b@x.example', now }))).toBe('NOT_THE_APPROVER');
    expect(reason(() => approve({ ...pending, approval: approvedBy }, { ehrUserId: 'P/1', approverUpn: 'a@x.example', now }))).toBe('ALREADY_APPROVED');
    expect(reason(() => approve({ ...pending, approval: { state: 'draft' } }, { ehrUserId: 'P/1', approverUpn: 'a@x.example', now }))).toBe('APPROVER_NOT_NAMED');
  });
});

describe('SMS rules', () => {
  const ok = { bothConsents: true, numberOwned: true };
  it('needs both consents and an owned number to switch anything on', () => {
    const on = { confirmation: true, reminders: false, reminderMinutesBefore: [], phoneNumber: '+16085550142' };
    expect(smsSettingsProblems(on, ok)).toEqual([]);
    expect(smsSettingsProblems(on, { ...ok, bothConsents: false }).map((p) => p.field)).toEqual(['confirmation']);
    expect(smsSettingsProblems(on, { ...ok, numberOwned: false }).map((p) => p.field)).toEqual(['phoneNumber']);
    expect(smsSettingsProblems({ ...on, phoneNumber: undefined }, ok).map((p) => p.field)).toEqual(['phoneNumber']);
  });
  it('takes one to three distinct reminder intervals', () => {
    const base = { confirmation: false, reminders: true, phoneNumber: '+16085550142' };
    expect(smsSettingsProblems({ ...base, reminderMinutesBefore: [15, 60, 1440] }, ok)).toEqual([]);
    expect(smsSettingsProblems({ ...base, reminderMinutesBefore: [] }, ok).map((p) => p.field)).toEqual(['reminderMinutesBefore']);
    expect(smsSettingsProblems({ ...base, reminderMinutesBefore: [15, 15] }, ok).map((p) => p.field)).toEqual(['reminderMinutesBefore']);
    expect(smsSettingsProblems({ ...base, reminderMinutesBefore: [1, 2, 3, 4] }, ok).length).toBeGreaterThan(1);
  });
  it('masks a number so support recognises it without being able to use it', () => {
    expect(maskPhoneNumber('+16085550142')).toBe('+1608•••0142');
    expect(maskPhoneNumber('+447700900123')).toBe('+4477•••0123');
    expect(maskPhoneNumber('+123')).toBe('+•••');
  });
});

describe('audit diff', () => {
  it('lists changed fields with old and new values, skipping omitted ones and updatedAt', () => {
    expect(diffRecords({ a: 1, b: 'x', pem: 'P1', updatedAt: '1' }, { a: 2, b: 'x', c: [1], pem: 'P2', updatedAt: '2' }, ['pem'])).toEqual([
      { field: 'a', old: 1, new: 2 },
      { field: 'c', new: [1] },
    ]);
  });
});
