import { describe, expect, it } from "vitest";
import { DELIVERY_WINDOW_MS, nextAttemptDelay } from "@/lib/notifications/next-attempt-delay";

const MINUTE = 60_000;

describe("nextAttemptDelay", () => {
  it("waits 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, then 12 h after each failed attempt", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => nextAttemptDelay(attempt) / MINUTE)).toEqual([1, 5, 15, 60, 180, 360, 720, 720, 720]);
    expect(nextAttemptDelay(0)).toBe(MINUTE);
  });

  it("gives a receiver that never answers 8 attempts within the day", () => {
    const times = [0];
    while (times.at(-1)! + nextAttemptDelay(times.length) <= DELIVERY_WINDOW_MS) times.push(times.at(-1)! + nextAttemptDelay(times.length));
    expect(times.length).toBe(8);
    expect(times.at(-1)! / MINUTE).toBe(1341);
  });
});
