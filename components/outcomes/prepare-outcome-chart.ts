import type { WorkflowOutcomes } from "@/lib/outcomes/schemas";

// Plot-ready points for a workflow's cost per outcome over time. The exact decimal strings travel beside the
// plotted numbers (tooltips and the table alternative show them); a bucket without outcomes is a gap, not a zero.

export type OutcomePoint = {
  start: string;
  /** Cost per outcome, for drawing; null: no outcomes in the bucket (a gap in the line). */
  costPerOutcome: number | null;
  exact: { spend: string; outcomes: string; costPerOutcome: string | null };
};

export function outcomeChart(buckets: WorkflowOutcomes["buckets"]): OutcomePoint[] {
  return buckets.map((bucket) => ({
    start: bucket.start,
    costPerOutcome: bucket.costPerOutcome === null ? null : Number(bucket.costPerOutcome),
    exact: { spend: bucket.spend, outcomes: bucket.outcomes, costPerOutcome: bucket.costPerOutcome },
  }));
}
