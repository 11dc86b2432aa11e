import { keyedHash } from './keyed-hash';

/**
 * The join link in a text: `/api/v/{token}`. The token is 128 bits derived with the
 * deployment's key from the appointment's identity, so it is unguessable, the same in every
 * text for one appointment, and says nothing about the patient. It resolves through a stored
 * record; when it stops working is decided from the appointment at the time of the click.
 */
export const JOIN_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export interface AppointmentRef {
  tenantId: string;
  baseUrlId: string;
  appointmentId: string;
}

export function joinToken(key: string, ref: AppointmentRef): string {
  return keyedHash(key, 'join-link', `${ref.tenantId}\u0000${ref.baseUrlId}\u0000${ref.appointmentId}`).subarray(0, 16).toString('base64url');
}

export function joinLinkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/api/v/${token}`;
}

export type JoinLinkState = 'open' | 'expired' | 'cancelled' | 'unknown';

export function joinLinkState(input: { found: boolean; status?: string; startsAt?: Date; windowMinutes: number; now: Date }): JoinLinkState {
  if (!input.found || !input.startsAt) return 'unknown';
  if (input.status && input.status !== 'booked') return 'cancelled';
  const closesAt = input.startsAt.getTime() + input.windowMinutes * 60_000;
  return input.now.getTime() >= closesAt ? 'expired' : 'open';
}
