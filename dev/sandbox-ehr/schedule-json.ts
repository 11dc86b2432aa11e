import { z } from 'zod';
import type { SandboxVisit } from './records';

/**
 * `GET /schedule.json`: the running sandbox's schedule (the visits its home page lists), read
 * only, so a dev tool can send the sandbox's own scheduling feed for them
 * (`npm run hl7:send -- --sandbox`). Ids and times only: no names, no phone numbers. The
 * schedule is built when the sandbox starts (one visit is "15 minutes from start-up"), so only
 * the running sandbox can say which visits it shows; it cannot be recomputed later.
 */
export const SCHEDULE_PATH = '/schedule.json';

const id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const visitSchema = z.object({
  appointmentId: id,
  encounterId: id,
  csn: z.string().regex(/^\d{1,20}$/),
  patientId: id,
  practitionerId: id,
  departmentId: z.string().regex(/^\d{1,20}$/),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
});
const scheduleSchema = z.object({ visits: z.array(visitSchema).max(1000) });

export function scheduleJson(visits: readonly SandboxVisit[]): { visits: SandboxVisit[] } {
  return {
    visits: [...visits]
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((v) => ({ appointmentId: v.appointmentId, encounterId: v.encounterId, csn: v.csn, patientId: v.patientId, practitionerId: v.practitionerId, departmentId: v.departmentId, start: v.start, end: v.end })),
  };
}

/** The visits of the sandbox EHR at `ehrUrl` (its home page URL), earliest first. */
export async function fetchSandboxSchedule(ehrUrl: string, timeoutMs = 5000): Promise<SandboxVisit[]> {
  const url = new URL(SCHEDULE_PATH, ehrUrl);
  const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  if (response.status !== 200) throw new Error(`the sandbox EHR at ${url.origin} answered ${response.status} for ${SCHEDULE_PATH}`);
  const parsed = scheduleSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the sandbox EHR's ${SCHEDULE_PATH} is not a schedule (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable'})`);
  }
  return parsed.data.visits;
}
