"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { applyRulesAction, previewApplyAction } from "@/app/(app)/[org]/settings/attribution/actions";
import { applyRunQuery, isFinished } from "@/components/attribution/attribution-api";
import { MovesTable } from "@/components/attribution/moves-table";
import { RunStatus } from "@/components/connections/run-status";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";
import { ProgressBar } from "@/components/uploads/progress-bar";
import { ApplySchema, type PreviewResult } from "@/lib/attribution/schemas";
import type { RunView } from "@/lib/connections/schemas";
import { formatDateTime } from "@/lib/format";
import { formatCount } from "@/lib/money";

/**
 * Re-apply the current rules to a date range: a dry run first (what would move), then the run itself, followed
 * until it has finished; recent runs below. Without `canApply` (finance) only the dry run and the history.
 */
export function ReapplyPanel({ org, runs, canApply, defaultFrom, defaultTo, timeZone }: {
  org: string;
  runs: RunView[];
  canApply: boolean;
  defaultFrom: string;
  defaultTo: string;
  timeZone: string;
}) {
  const router = useRouter();
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [active, setActive] = useState<RunView | null>(() => runs.find((run) => !isFinished(run)) ?? null);
  const [starting, startApply] = useTransition();
  const [applyError, setApplyError] = useState<string>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: ApplySchema,
    defaultValues: { from: defaultFrom, to: defaultTo },
    action: (values) => {
      setPreview(null);
      return previewApplyAction(org, values);
    },
    onSuccess: setPreview,
  });
  const running = active !== null && !isFinished(active);

  const apply = () =>
    startApply(async () => {
      if (!preview) return;
      setApplyError(undefined);
      const result = await applyRulesAction(org, { from: preview.from, to: preview.to });
      if (!result.ok) {
        setApplyError(result.message);
        return;
      }
      setPreview(null);
      setActive(result.data);
    });

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3" aria-label="Re-apply the rules to a date range">
        <div className="w-44">
          <TextField label="From" type="date" error={errorOf("from")} {...form.register("from")} />
        </div>
        <div className="w-44">
          <TextField label="To" type="date" error={errorOf("to")} {...form.register("to")} />
        </div>
        <Button type="submit" variant="secondary" className="mt-6" disabled={submitting}>
          {submitting ? "Checking…" : "Preview re-apply"}
        </Button>
      </form>
      <FormError message={formError ?? applyError} />
      {preview ? (
        <section aria-labelledby="reapply-impact" className="space-y-3 rounded-md border border-slate-200 p-4">
          <h3 id="reapply-impact" className="text-sm font-semibold text-slate-900">
            Re-applying the rules from {preview.from} to {preview.to}
          </h3>
          <MovesTable preview={preview} caption="What re-applying would move" />
          {canApply ? (
            <Button onClick={apply} disabled={starting || running || preview.moves.length === 0}>
              Apply to {preview.from} – {preview.to}
            </Button>
          ) : null}
        </section>
      ) : null}
      {active ? (
        <ApplyStatus
          key={active.id}
          org={org}
          run={active}
          onFinished={(run) => {
            setActive(run);
            router.refresh();
          }}
        />
      ) : null}
      <h3 className="text-sm font-semibold text-slate-900">Recent re-applies</h3>
      {runs.length === 0 ? (
        <EmptyState>The rules have not been re-applied yet.</EmptyState>
      ) : (
        <Table caption="Recent re-applies">
          <thead>
            <tr>
              <Th>Started</Th>
              <Th>Range</Th>
              <Th>Status</Th>
              <Th className="text-right">Records moved</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {runs.map((run) => (
              <tr key={run.id} data-testid="apply-run">
                <Td className="whitespace-nowrap">{formatDateTime(run.createdAt, timeZone)}</Td>
                <Td className="whitespace-nowrap">
                  {run.from} – {run.to}
                </Td>
                <Td>
                  <RunStatus run={run} />
                </Td>
                <Td className="text-right tabular-nums">{run.status === "completed" ? formatCount(run.records) : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

/** A re-apply in progress, then what it moved; calls onFinished once when it ends. */
function ApplyStatus({ org, run: initial, onFinished }: { org: string; run: RunView; onFinished: (run: RunView) => void }) {
  const { data: run = initial } = useQuery({ ...applyRunQuery(org, initial.id), initialData: initial });
  const reported = useRef(false);
  const finished = isFinished(run);
  useEffect(() => {
    if (finished && !reported.current) {
      reported.current = true;
      onFinished(run);
    }
  }, [finished, run, onFinished]);

  if (run.status === "failed") {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        Re-applying the rules from {run.from} to {run.to} failed: {run.error}
      </div>
    );
  }
  if (run.status === "completed") {
    return (
      <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="apply-result">
        Re-applied the rules from {run.from} to {run.to}: {formatCount(run.records)} records moved.
      </div>
    );
  }
  return (
    <div role="status" className="space-y-1.5 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-950">
      <p>
        {run.status === "queued" ? "Waiting to start" : "Re-applying"} the rules from {run.from} to {run.to}…
      </p>
      <ProgressBar value={run.windowsTotal ? run.windowsDone / run.windowsTotal : 0} label="Re-apply progress" />
    </div>
  );
}
