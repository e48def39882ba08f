import { describe, expect, it } from "vitest";
import { absoluteLink, figureLines, slackBlocks, type NotificationMessage } from "@/lib/notifications/senders";

const message: NotificationMessage = {
  id: "delivery-1",
  type: "alert.fired",
  createdAt: "2026-03-02T10:00:00.000Z",
  organization: { slug: "acme", name: "Acme" },
  alert: {
    id: "alert-1",
    kind: "threshold",
    severity: "warning",
    title: "Support monthly passed 80%",
    message: "Support has spent 812.40 USD of its 1000.00 USD budget.",
    figures: { actual: "812.40", amount: "1000.00", percent: "81.24", forecast: "1105.10", currency: "USD" },
    link: absoluteLink("acme", "/explorer?team=t1"),
    budget: { id: "b1", name: "Support monthly" },
    team: { id: "t1", name: "Support" },
    workflow: null,
    provider: null,
    model: null,
    threshold: 80,
    period: { from: "2026-03-01", to: "2026-03-31" },
    day: null,
    createdAt: "2026-03-02T10:00:00.000Z",
  },
};

describe("message rendering", () => {
  it("labels the figures, money with its currency and percentages with %", () => {
    expect(figureLines(message.alert.figures)).toEqual([
      { label: "Actual", value: "812.40 USD" },
      { label: "Budget", value: "1000.00 USD" },
      { label: "Percent", value: "81.24%" },
      { label: "Forecast", value: "1105.10 USD" },
    ]);
    expect(figureLines({ zScore: "4.2" })).toEqual([{ label: "Z score", value: "4.2" }]);
  });

  it("builds a Block Kit message with the title, the figures and a button to the app", () => {
    const payload = slackBlocks(message);
    expect(payload.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: message.alert.title, emoji: true } });
    expect(JSON.stringify(payload.blocks)).toContain("*Actual*\\n812.40 USD");
    expect(payload.blocks.at(-1)).toMatchObject({ type: "actions", elements: [{ url: "http://localhost:3000/acme/explorer?team=t1" }] });
    expect(payload.text).toContain(message.alert.title);
  });
});
