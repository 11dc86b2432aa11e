/** Time comes from here, never from `Date.now()` in domain code, so tests control it. */
export interface Clock {
  now(): Date;
}
