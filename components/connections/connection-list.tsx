"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useTransition } from "react";
import { syncConnectionAction } from "@/app/(app)/[org]/connections/actions";
import { connectionKeys, connectionsQuery } from "@/components/connections/connections-api";
import { Button } from "@/components/ui/button";
import { Badge, EmptyState } from "@/components/ui/card";
import { ProgressBar } from "@/components/uploads/progress-bar";
import type { ConnectionView } from "@/lib/connections/schemas";
import { formatCount } from "@/lib/money";

const PROVIDER = { openai: "OpenAI", anthropic: "Anthropic" } as const;

export function when(iso: string | null): string {
  if (!iso) return "—";
  const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  const text = abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 86_400 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86_400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

export function StateBadge({ connection }: { connection: ConnectionView }) {
  if (connection.status === "failing") return <Badge tone="red">failing</Badge>;
  if (connection.activeRun?.status === "running") return <Badge tone="indigo">{connection.backfill.done ? "syncing" : "backfilling"}</Badge>;
  if (connection.activeRun) return <Badge tone="amber">queued</Badge>;
  if (connection.lastSyncStatus === "failed") return <Badge tone="amber">last sync failed</Badge>;
  return <Badge tone="emerald">active</Badge>;
}

function RunProgress({ connection }: { connection: ConnectionView }) {
  const run = connection.activeRun;
  if (!run) return null;
  const value = run.windowsTotal ? run.windowsDone / run.windowsTotal : 0;
  return (
    <div className="space-y-1" data-testid="run-progress">
      <ProgressBar value={value} label={`${connection.name} sync progress`} />
      <p className="text-xs text-slate-600">
        {run.status === "queued" ? "Waiting for a worker…" : `Window ${Math.min(run.windowsDone + 1, run.windowsTotal)} of ${run.windowsTotal}`} · {run.from} to {run.to} ·{" "}
        {formatCount(run.records)} records{run.retries ? ` · ${formatCount(run.retries)} retried requests` : ""}
      </p>
    </div>
  );
}

export function ConnectionList({ org, initial, canWrite }: { org: string; initial: ConnectionView[]; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const { data: connections = initial } = useQuery({ ...connectionsQuery(org), initialData: initial });
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  if (connections.length === 0) return <EmptyState>No connections yet.</EmptyState>;
  return (
    <div className="space-y-3">
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      {connections.map((connection) => (
        <article key={connection.id} className="rounded-md border border-slate-200 p-4" data-testid={`connection-${connection.name}`}>
          <header className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <h3 className="font-medium text-slate-900">
                <Link href={`/${org}/connections/${connection.id}`} className="hover:underline">
                  {connection.name}
                </Link>{" "}
                <span className="text-sm font-normal text-slate-600">
                  · {PROVIDER[connection.provider]} · key {connection.keyHint}
                </span>
              </h3>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
                <StateBadge connection={connection} />
                <span>Last sync {when(connection.lastSyncAt)}</span>
                <span>· next {connection.status === "failing" ? "paused" : when(connection.nextSyncAt)}</span>
              </div>
            </div>
            {canWrite ? (
              <Button
                size="sm"
                variant="secondary"
                disabled={pending || Boolean(connection.activeRun) || connection.status === "failing"}
                onClick={() =>
                  startTransition(async () => {
                    setError(undefined);
                    const result = await syncConnectionAction(org, connection.id);
                    if (!result.ok) setError(result.message);
                    await queryClient.invalidateQueries({ queryKey: connectionKeys.all(org) });
                  })
                }
              >
                Sync now
              </Button>
            ) : null}
          </header>
          <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-600">Records</dt>
              <dd className="tabular-nums" data-testid="connection-records">{formatCount(connection.records)}</dd>
            </div>
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-600">Period covered</dt>
              <dd>{connection.coverage ? `${connection.coverage.from} – ${connection.coverage.to}` : "—"}</dd>
            </div>
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-600">Backfill</dt>
              <dd>{connection.backfill.done ? `done (from ${connection.backfillFrom})` : `${Math.round(connection.backfill.progress * 100)} % (from ${connection.backfillFrom})`}</dd>
            </div>
          </dl>
          {connection.status === "failing" ? (
            <p className="mt-2 text-sm text-red-800" data-testid="connection-error">{connection.statusMessage}</p>
          ) : connection.lastSyncStatus === "failed" && connection.lastSyncMessage ? (
            <p className="mt-2 text-sm text-amber-900" data-testid="connection-error">{connection.lastSyncMessage}</p>
          ) : null}
          <div className="mt-3">
            <RunProgress connection={connection} />
          </div>
        </article>
      ))}
    </div>
  );
}
