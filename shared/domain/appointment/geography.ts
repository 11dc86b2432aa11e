/**
 * Where an organisation's appointment phone records live. Each geography has its own
 * storage account (settings `STORAGE_CONNECTION_<GEO>`); nothing crosses between them.
 */
export const GEOGRAPHIES = ['US', 'EU', 'APAC'] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

export const isGeography = (value: unknown): value is Geography => typeof value === 'string' && (GEOGRAPHIES as readonly string[]).includes(value);
