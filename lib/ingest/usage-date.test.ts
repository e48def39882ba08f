import { describe, expect, it } from "vitest";
import { createUsageDateResolver } from "@/lib/ingest/usage-date";

describe("usage dates", () => {
  it("keeps a daily bucket's own date whatever the time zone", () => {
    const resolve = createUsageDateResolver("America/New_York");
    expect(resolve(new Date("2025-10-05T00:00:00Z"), new Date("2025-10-06T00:00:00Z"))).toBe("2025-10-05");
    expect(resolve(new Date("2025-10-01T00:00:00Z"), new Date("2025-11-01T00:00:00Z"))).toBe("2025-10-01");
  });

  it("puts hourly usage on its local day", () => {
    const newYork = createUsageDateResolver("America/New_York");
    expect(newYork(new Date("2025-10-06T02:00:00Z"), new Date("2025-10-06T03:00:00Z"))).toBe("2025-10-05");
    const tokyo = createUsageDateResolver("Asia/Tokyo");
    expect(tokyo(new Date("2025-10-05T20:00:00Z"), new Date("2025-10-05T21:00:00Z"))).toBe("2025-10-06");
    expect(createUsageDateResolver("UTC")(new Date("2025-10-05T23:00:00Z"), new Date("2025-10-06T00:00:00Z"))).toBe("2025-10-05");
  });
});
