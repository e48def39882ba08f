import { burnBar } from "@/components/budgets/prepare-burn";
import { Badge } from "@/components/ui/card";
import type { BudgetState, BudgetView } from "@/lib/budgets/schemas";

const FILL: Record<BudgetState, string> = { ok: "bg-emerald-600", warning: "bg-amber-500", over: "bg-red-600" };
const FORECAST: Record<BudgetState, string> = { ok: "bg-emerald-200", warning: "bg-amber-200", over: "bg-red-200" };
const TONE = { ok: "emerald", warning: "amber", over: "red" } as const;
const STATE_LABELS: Record<BudgetState, string> = { ok: "On track", warning: "Warning", over: "Over budget" };

export function BudgetStateBadge({ state }: { state: BudgetState }) {
  return <Badge tone={TONE[state]}>{STATE_LABELS[state]}</Badge>;
}

/**
 * This period's spend against the amount: the actual filled in the state's color, the forecast to the period's end
 * as a faded extension, thresholds as ticks and 100 % as a dark one.
 */
export function BurnBar({ budget }: { budget: Pick<BudgetView, "name" | "thresholds" | "current" | "forecast"> }) {
  const bar = burnBar(budget);
  const state = budget.current.state;
  return (
    <div
      role="img"
      aria-label={`${budget.name}: ${budget.current.percent} % used, forecast ${budget.forecast.percent} % by the period's end`}
      data-testid="burn-bar"
      className="relative h-2.5 w-full min-w-32 rounded-full bg-slate-100"
    >
      <div className={`absolute inset-y-0 left-0 rounded-full ${FORECAST[state]}`} style={{ width: `${bar.forecast}%` }} />
      <div className={`absolute inset-y-0 left-0 rounded-full ${FILL[state]}`} style={{ width: `${bar.actual}%` }} />
      {bar.thresholds.map((threshold) => (
        <span key={threshold.percent} className="absolute -inset-y-0.5 w-px bg-slate-400" style={{ left: `${threshold.at}%` }} title={`${threshold.percent} %`} />
      ))}
      <span className="absolute -inset-y-1 w-0.5 bg-slate-800" style={{ left: `calc(${bar.full}% - 1px)` }} title="100 %" />
    </div>
  );
}
