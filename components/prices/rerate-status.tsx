"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { rerateQuery } from "@/components/prices/pricing-api";
import { ProgressBar } from "@/components/uploads/progress-bar";
import { formatCount, formatMoney } from "@/lib/money";
import type { RerateView } from "@/lib/pricing/schemas";

/** "USD $1,234.56 → $1,301.20" per currency, from a re-rate's totals before and after. */
export function rerateChange(run: RerateView): string {
  const currencies = [...new Set([...Object.keys(run.before ?? {}), ...Object.keys(run.after ?? {})])].sort();
  if (currencies.length === 0) return "no usage in the range";
  return currencies
    .map((currency) => `${formatMoney(run.before?.[currency]?.estimated ?? "0", currency)} → ${formatMoney(run.after?.[currency]?.estimated ?? "0", currency)}`)
    .join(", ");
}

/** A running re-rate's progress, then what it changed; calls onFinished once when it ends. */
export function RerateStatus({ org, run: initial, onFinished }: { org: string; run: RerateView; onFinished?: (run: RerateView) => void }) {
  const { data: run = initial } = useQuery({ ...rerateQuery(org, initial.id), initialData: initial });
  const reported = useRef(false);
  const finished = run.status === "completed" || run.status === "failed";
  useEffect(() => {
    if (finished && !reported.current) {
      reported.current = true;
      onFinished?.(run);
    }
  }, [finished, run, onFinished]);

  if (run.status === "failed") {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        Re-rating {run.from} to {run.to} failed: {run.message}
      </div>
    );
  }
  if (run.status === "completed") {
    const unpricedAfter = Object.values(run.after ?? {}).reduce((sum, totals) => sum + totals.unpricedRecords, 0);
    return (
      <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="rerate-result">
        Re-rated {formatCount(run.recordsDone)} records from {run.from} to {run.to}; {formatCount(run.recordsChanged)} changed. Estimated cost {rerateChange(run)}.
        {unpricedAfter > 0 ? ` ${formatCount(unpricedAfter)} records are still unpriced.` : ""}
      </div>
    );
  }
  const progress = run.recordsTotal > 0 ? run.recordsDone / run.recordsTotal : 0;
  return (
    <div className="space-y-1.5 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-950" role="status">
      <p>
        Re-rating {run.from} to {run.to}: {formatCount(run.recordsDone)} of {run.recordsTotal ? formatCount(run.recordsTotal) : "…"} records
      </p>
      <ProgressBar value={progress} label="Re-rate progress" />
    </div>
  );
}
