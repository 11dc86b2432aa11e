import { z } from 'zod';

/** Helpers for reading environment strings into typed settings. */
export const bool = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? defaultValue : v === 'true' || v === '1' || v === 'yes'));

export const int = (defaultValue: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .optional()
    .transform((v) => (v === undefined ? defaultValue : Number(v)))
    .pipe(z.number().int().min(min).max(max));

export const url = () =>
  z
    .string()
    .url('must be an absolute URL')
    .transform((v) => v.replace(/\/+$/, ''));

export const nonEmpty = () => z.string().trim().min(1, 'must not be empty');
