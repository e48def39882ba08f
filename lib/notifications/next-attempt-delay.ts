// When a failed delivery is tried again: 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, then every 12 h. A delivery whose
// next attempt would land more than 24 h after it was queued is given up (status "failed"), so with this schedule
// a receiver that never answers gets 8 attempts over about 22 h.

const MINUTE = 60_000;
export const RETRY_SCHEDULE_MS = [1, 5, 15, 60, 180, 360, 720].map((minutes) => minutes * MINUTE);
/** How long after it was queued a delivery keeps being retried. */
export const DELIVERY_WINDOW_MS = 24 * 60 * MINUTE;

/** The wait after the `attempt`-th failed attempt (1-based), in milliseconds. */
export function nextAttemptDelay(attempt: number): number {
  const index = Math.min(Math.max(1, Math.floor(attempt)), RETRY_SCHEDULE_MS.length) - 1;
  return RETRY_SCHEDULE_MS[index]!;
}
