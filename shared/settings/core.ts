import { z } from 'zod';
import { bool, url } from './schema-helpers';

/** Settings every part of the app needs. */
export const coreSettings = z
  .object({
    DEPLOYMENT_ENVIRONMENT: z.enum(['test', 'production']),
    PUBLIC_BASE_URL: url(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Development only: lets base URLs, issuers and EHRs live on loopback / private addresses over http. */
    ALLOW_PRIVATE_NETWORK_URLS: bool(false),
  })
  .transform((e) => ({
    environment: e.DEPLOYMENT_ENVIRONMENT,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    logLevel: e.LOG_LEVEL,
    allowPrivateNetworkUrls: e.ALLOW_PRIVATE_NETWORK_URLS,
  }));
