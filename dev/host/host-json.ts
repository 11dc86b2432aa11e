import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../paths';

/** The parts of host.json the local host honours, so it behaves like Azure with the same file. */
export interface HostOptions {
  routePrefix: string;
  queues: {
    messageEncoding: 'base64' | 'none';
    maxPollingIntervalMs: number;
    visibilityTimeoutMs: number;
    batchSize: number;
    maxDequeueCount: number;
  };
}

const timespan = z
  .string()
  .regex(/^\d{2}:\d{2}:\d{2}(\.\d+)?$/, 'must be a hh:mm:ss timespan')
  .transform((v) => {
    const [h, m, s] = v.split(':').map(Number);
    return (((h ?? 0) * 60 + (m ?? 0)) * 60 + (s ?? 0)) * 1000;
  });

const schema = z.object({
  extensions: z
    .object({
      http: z.object({ routePrefix: z.string().default('api') }).default({ routePrefix: 'api' }),
      queues: z
        .object({
          messageEncoding: z.enum(['base64', 'none']).default('base64'),
          maxPollingInterval: timespan.default(60000),
          visibilityTimeout: timespan.default(0),
          batchSize: z.number().int().min(1).max(32).default(16),
          maxDequeueCount: z.number().int().min(1).default(5),
        })
        .prefault({}),
    })
    .prefault({}),
});

export function readHostJson(file = path.join(projectRoot(), 'host.json')): HostOptions {
  const parsed = schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const q = parsed.extensions.queues;
  return {
    routePrefix: parsed.extensions.http.routePrefix.replace(/^\/+|\/+$/g, ''),
    queues: {
      messageEncoding: q.messageEncoding,
      maxPollingIntervalMs: q.maxPollingInterval,
      visibilityTimeoutMs: q.visibilityTimeout,
      batchSize: q.batchSize,
      maxDequeueCount: q.maxDequeueCount,
    },
  };
}
