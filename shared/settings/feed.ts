import { z } from 'zod';
import { int } from './schema-helpers';

/** Route of the scheduling feed's receive function (under the `api` prefix). */
export const HL7_RECEIVE_ROUTE = 'hl7';

/** The scheduling feed (HL7 SIU in, applied per appointment). */
export const feedSettings = z
  .object({
    /** Largest accepted body (one message or a batch); larger gets 413. */
    HL7_MAX_BODY_BYTES: int(1024 * 1024, 1024, 16 * 1024 * 1024),
    /** Tolerated clock difference with the EHR when checking `iat` / `exp`. */
    HL7_CLOCK_SKEW_SECONDS: int(60, 0, 300),
    /** How long base URL, organisation and certificate reads are reused by the feed. */
    HL7_CONFIG_CACHE_SECONDS: int(60, 0, 3600),
    /** Deliveries of one queued message before it becomes a dead letter (match host.json maxDequeueCount). */
    HL7_MAX_ATTEMPTS: int(5, 1, 100),
  })
  .transform((e) => ({
    maxBodyBytes: e.HL7_MAX_BODY_BYTES,
    clockSkewSeconds: e.HL7_CLOCK_SKEW_SECONDS,
    configCacheSeconds: e.HL7_CONFIG_CACHE_SECONDS,
    maxAttempts: e.HL7_MAX_ATTEMPTS,
    /** The signed token's lifetime (`exp` - `iat`) may not exceed this (the scheme fixes it at 5 minutes). */
    maxTokenLifetimeSeconds: 300,
  }));
