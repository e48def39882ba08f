import { describe, expect, it } from "vitest";
import { driverLink } from "@/components/budgets/driver-link";
import { fromSearchParams } from "@/lib/analytics/url";

describe("driverLink", () => {
  const budgetLink = "/explorer?range=custom&from=2026-11-01&to=2026-11-30&groupBy=workflow&filter=team%3Ateam-1&metric=effective&granularity=day";

  it("adds the driver to the budget's filters and splits it by the other dimension", () => {
    const link = driverLink("acme", budgetLink, "workflow", "wf-1");
    expect(link.startsWith("/acme/explorer?")).toBe(true);
    const view = fromSearchParams(new URLSearchParams(link.split("?")[1]));
    expect(view).toMatchObject({ range: "custom", from: "2026-11-01", to: "2026-11-30", groupBy: ["model"], filters: { team: ["team-1"], workflow: ["wf-1"] } });
  });

  it("filters a model by its name and spend without a workflow by the none value", () => {
    expect(fromSearchParams(new URLSearchParams(driverLink("acme", budgetLink, "model", "gpt-4o|mini").split("?")[1])).filters.model).toEqual(["gpt-4o|mini"]);
    expect(fromSearchParams(new URLSearchParams(driverLink("acme", budgetLink, "workflow", null).split("?")[1])).filters.workflow).toEqual([""]);
  });
});
