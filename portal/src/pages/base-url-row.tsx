import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { AdminApi } from '../lib/api';
import { connectedText } from '../lib/base-url-change';
import { APPROVAL_LABEL } from '../lib/format';
import type { BaseUrl, Reachability } from '../lib/schemas';
import { ProblemNotice } from '../ui/notices';
import { useAction } from '../ui/use-load';

export const COLUMNS = 6;

/**
 * One base URL in the table and, in a row right under it, what concerns it: the result of
 * "Check connection" (the API's own words and reason), the API's notice after a change, or
 * the edit form (`editor`).
 */
export function BaseUrlRow({ api, baseUrl: b, admin, notice, editor, onEdit, onRemove }: {
  api: AdminApi;
  baseUrl: BaseUrl;
  admin: boolean;
  notice: string | undefined;
  editor: ComponentChildren;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const check = useAction();
  const [connected, setConnected] = useState<Reachability | undefined>(undefined);
  const runCheck = async () => {
    setConnected(undefined);
    const result = await check.run(() => api.checkBaseUrl(b.id));
    if (result) setConnected(result.value);
  };
  const pendingReason = b.approval.state === 'pending_approval' ? b.approval.reason : undefined;
  const detail = editor || notice || check.busy || connected || check.problem;

  return (
    <>
      <tr data-base-url={b.url} class={detail ? 'has-detail' : undefined}>
        <td class="break">{b.url}</td><td>{b.environment}</td><td>{b.vendor}</td><td class="break">{b.approverUpn ?? '—'}</td>
        <td>
          <span class={`badge badge-${b.approval.state}`} data-testid="base-url-state">{APPROVAL_LABEL[b.approval.state]}</span>
          {pendingReason ? <span class="small muted block">{pendingReason}</span> : null}
        </td>
        {admin ? (
          <td>
            <div class="actions">
              <button type="button" id={`edit-${b.id}`} class="secondary small-button" aria-label={`Edit ${b.url}`} aria-expanded={editor ? 'true' : 'false'} onClick={onEdit}>Edit</button>
              <button type="button" class="secondary small-button" aria-label={`Check connection to ${b.url}`} onClick={() => void runCheck()} disabled={check.busy}>Check connection</button>
              <button type="button" id={`remove-${b.id}`} class="secondary small-button" aria-label={`Remove ${b.url}`} onClick={onRemove}>Remove</button>
            </div>
          </td>
        ) : null}
      </tr>
      {detail ? (
        <tr class="row-detail" data-detail-for={b.url}>
          <td colSpan={admin ? COLUMNS : COLUMNS - 1}>
            {notice ? <div class="notice notice-warning" role="alert" data-testid="base-url-notice">{notice}</div> : null}
            <div data-testid="base-url-check" aria-live="polite">
              {check.busy ? <p class="status">Checking the connection to {b.url}…</p> : null}
              {connected ? <p class="ok">✓ {connectedText(connected)}</p> : null}
            </div>
            <ProblemNotice problem={check.problem} testId="base-url-check-problem" />
            {editor}
          </td>
        </tr>
      ) : null}
    </>
  );
}
