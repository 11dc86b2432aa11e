import type { BaseUrl, BaseUrlChange, Reachability } from './schemas';

/** The edit form of one base URL, as typed. */
export interface BaseUrlForm {
  url: string;
  environment: string;
  vendor: string;
  approverUpn: string;
}

export const formOf = (b: BaseUrl): BaseUrlForm => ({ url: b.url, environment: b.environment, vendor: b.vendor, approverUpn: b.approverUpn ?? '' });

/**
 * The PATCH body for what the person changed (only those fields, so the API checks the EHR
 * again only when the URL changes), or undefined when nothing did. An emptied approver is
 * `null`: the API removes it.
 */
export function changeOf(current: BaseUrl, form: BaseUrlForm): BaseUrlChange | undefined {
  const change: BaseUrlChange = {};
  const url = form.url.trim();
  if (url !== current.url) change.url = url;
  if (form.environment !== current.environment) change.environment = form.environment;
  if (form.vendor !== current.vendor) change.vendor = form.vendor;
  const approver = form.approverUpn.trim();
  if (approver.toLowerCase() !== (current.approverUpn ?? '')) change.approverUpn = approver === '' ? null : approver;
  return Object.keys(change).length > 0 ? change : undefined;
}

/** Whether saving this change will take an approved URL back to pending approval (the API says so again in its answer). */
export function changeNeedsApproval(current: BaseUrl, change: BaseUrlChange | undefined): boolean {
  return current.approval.state === 'approved' && change !== undefined && (change.url !== undefined || change.environment !== undefined || change.approverUpn !== undefined);
}

/** "Check connection" succeeded: what the EHR answered, in words. */
export function connectedText(result: Reachability): string {
  return `Connected: the EHR answers as a SMART-on-FHIR server (FHIR ${result.fhirVersion}); sign-in at ${result.smart.authorizationEndpoint}.`;
}
