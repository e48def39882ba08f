import { fromSearchParams, toSearchParams } from "@/lib/analytics/url";

/**
 * The explorer filtered to a budget's scope and period (the budget's own link) and to one of its drivers: a
 * workflow's spend split by model, a model's by workflow. A driver without an id (spend with no workflow) is the
 * explorer's "none" value, "".
 */
export function driverLink(org: string, budgetLink: string, dimension: "workflow" | "model", id: string | null): string {
  const at = budgetLink.indexOf("?");
  const path = at < 0 ? budgetLink : budgetLink.slice(0, at);
  const view = fromSearchParams(new URLSearchParams(at < 0 ? "" : budgetLink.slice(at + 1)));
  const filters = { ...view.filters, [dimension]: [id ?? ""] };
  return `/${org}${path}?${toSearchParams({ ...view, filters, groupBy: [dimension === "workflow" ? "model" : "workflow"] }).toString()}`;
}
