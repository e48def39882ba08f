"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { startRerateRequest } from "@/components/prices/pricing-api";
import { rerateChange, RerateStatus } from "@/components/prices/rerate-status";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/client";
import { formatCount } from "@/lib/money";
import type { RerateView } from "@/lib/pricing/schemas";

const TONE = { pending: "amber", running: "indigo", completed: "emerald", failed: "red" } as const;

/** Re-rate a date range from the current catalog, aliases and contract prices; recent re-rates below. */
export function ReratePanel({ org, runs, canStart, defaultFrom }: { org: string; runs: RerateView[]; canStart: boolean; defaultFrom: string }) {
  const router = useRouter();
  const [from, setFrom] = useState(defaultFrom);
  const [to, setTo] = useState(() => new Date().toISOString().slice(0, 10));
  const [active, setActive] = useState<RerateView | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const finished = useCallback(() => router.refresh(), [router]);
  return (
    <div className="space-y-4">
      {canStart ? (
        <form
          className="flex flex-wrap items-end gap-3"
          aria-label="Re-rate a date range"
          onSubmit={async (event) => {
            event.preventDefault();
            setBusy(true);
            setError(undefined);
            try {
              setActive(await startRerateRequest(org, from, to));
            } catch (caught) {
              setError(caught instanceof ApiError ? caught.message : "Could not start the re-rate.");
            } finally {
              setBusy(false);
            }
          }}
        >
          <div className="w-44">
            <TextField label="From" type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
          </div>
          <div className="w-44">
            <TextField label="To" type="date" value={to} onChange={(event) => setTo(event.target.value)} required />
          </div>
          <Button type="submit" disabled={busy || (active !== null && (active.status === "pending" || active.status === "running"))}>
            Re-rate
          </Button>
        </form>
      ) : null}
      <FormError message={error} />
      {active ? <RerateStatus key={active.id} org={org} run={active} onFinished={finished} /> : null}
      {runs.length ? (
        <div className="-mx-5 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Recent re-rates</caption>
            <thead>
              <tr className="text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <th scope="col" className="px-5 py-2">Range</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2 text-right">Records</th>
                <th scope="col" className="px-3 py-2">Estimated cost, before → after</th>
                <th scope="col" className="px-3 py-2">Started</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {runs.map((run) => (
                <tr key={run.id}>
                  <td className="px-5 py-2 whitespace-nowrap">
                    {run.from} – {run.to}
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={TONE[run.status]}>{run.status}</Badge>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {formatCount(run.recordsChanged)} of {formatCount(run.recordsTotal)} changed
                  </td>
                  <td className="px-3 py-2">{run.status === "completed" ? rerateChange(run) : run.message ?? "—"}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600">{new Date(run.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
