import { z } from 'zod';
import { nonEmpty } from './schema-helpers';

/**
 * Table and queue storage. Appointment phone data lives in the storage account of the
 * organisation's geography; each geography has its own connection (locally all are Azurite).
 */
export const storageSettings = z
  .object({
    STORAGE_CONNECTION: nonEmpty(),
    STORAGE_CONNECTION_US: nonEmpty().optional(),
    STORAGE_CONNECTION_EU: nonEmpty().optional(),
    STORAGE_CONNECTION_APAC: nonEmpty().optional(),
    QUEUE_TRANSPORT: z.enum(['storage', 'servicebus']).default('storage'),
    SERVICEBUS_NAMESPACE: nonEmpty().optional(),
  })
  .refine((e) => e.QUEUE_TRANSPORT !== 'servicebus' || e.SERVICEBUS_NAMESPACE !== undefined, {
    path: ['SERVICEBUS_NAMESPACE'],
    message: 'is required when QUEUE_TRANSPORT=servicebus (e.g. myconnector.servicebus.windows.net)',
  })
  .transform((e) => ({
    connection: e.STORAGE_CONNECTION,
    geographies: {
      US: e.STORAGE_CONNECTION_US ?? e.STORAGE_CONNECTION,
      EU: e.STORAGE_CONNECTION_EU ?? e.STORAGE_CONNECTION,
      APAC: e.STORAGE_CONNECTION_APAC ?? e.STORAGE_CONNECTION,
    },
    queueTransport: e.QUEUE_TRANSPORT,
    serviceBusNamespace: e.SERVICEBUS_NAMESPACE,
  }));
