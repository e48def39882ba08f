"use client";

import { useId, useState } from "react";
import {
  acceptRecommendationAction,
  dismissRecommendationAction,
  refreshRecommendationsAction,
  snoozeRecommendationAction,
} from "@/app/(app)/[org]/recommendations/actions";
import { RowError, useRowAction } from "@/components/settings/row-action";
import { Button } from "@/components/ui/button";

/** Accept, dismiss with a reason, or snooze one recommendation. */
export function RecommendationControls({ org, id, title }: { org: string; id: string; title: string }) {
  const { pending, error, run } = useRowAction();
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState("");
  const [days, setDays] = useState("14");
  const reasonId = useId();
  const daysId = useId();
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <Button size="sm" disabled={pending} aria-label={`Accept "${title}"`} onClick={() => run(() => acceptRecommendationAction(org, id))}>
          Accept
        </Button>
        <Button size="sm" variant="secondary" disabled={pending} aria-expanded={dismissing} onClick={() => setDismissing(!dismissing)}>
          Dismiss…
        </Button>
        <label htmlFor={daysId} className="sr-only">
          Snooze for
        </label>
        <select id={daysId} value={days} onChange={(event) => setDays(event.target.value)} className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300">
          {["7", "14", "30", "90"].map((value) => (
            <option key={value} value={value}>
              {value} days
            </option>
          ))}
        </select>
        <Button size="sm" variant="ghost" disabled={pending} aria-label={`Snooze "${title}"`} onClick={() => run(() => snoozeRecommendationAction(org, id, Number(days)))}>
          Snooze
        </Button>
      </div>
      {dismissing ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            run(() => dismissRecommendationAction(org, id, reason));
          }}
        >
          <label htmlFor={reasonId} className="text-sm font-medium text-slate-700">
            Reason
            <input id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} className="mt-1 block w-80 rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300" />
          </label>
          <Button size="sm" variant="secondary" type="submit" disabled={pending}>
            Dismiss
          </Button>
        </form>
      ) : null}
      <RowError message={error} />
    </div>
  );
}

export function RefreshButton({ org }: { org: string }) {
  const { pending, error, run } = useRowAction();
  return (
    <div>
      <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => refreshRecommendationsAction(org))}>
        {pending ? "Computing…" : "Recompute now"}
      </Button>
      <RowError message={error} />
    </div>
  );
}
