import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConnectionSettings } from "@/components/connections/connection-settings";
import { StateBadge } from "@/components/connections/connection-list";
import { RunStatus } from "@/components/connections/run-status";
import { RefreshWhile } from "@/components/connections/refresh-while";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { claudeCodeSummary, getConnection } from "@/lib/connections/queries";
import { isAppError } from "@/lib/errors";
import { formatCount, formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Connection" };

function duration(run: { startedAt: string | null; finishedAt: string | null }): string {
  if (!run.startedAt) return "—";
  const seconds = Math.round(((run.finishedAt ? Date.parse(run.finishedAt) : Date.now()) - Date.parse(run.startedAt)) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export default async function ConnectionPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const actor = await pageActorWith(org, "connections:read", `/${org}/connections/${id}`);
  const connection = await getConnection(actor, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const claudeCode = connection.provider === "anthropic" ? await claudeCodeSummary(actor, id) : [];
  return (
    <div className="max-w-5xl space-y-6">
      <RefreshWhile active={connection.activeRun !== null} />
      <p className="text-sm">
        <Link href={`/${org}/connections`} className="text-indigo-700 hover:underline">
          ← Connections
        </Link>
      </p>
      <PageHeader
        title={connection.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StateBadge connection={connection} /> {connection.provider === "openai" ? "OpenAI" : "Anthropic"} · key {connection.keyHint} · {formatCount(connection.records)} records
            {connection.coverage ? ` · ${connection.coverage.from} – ${connection.coverage.to}` : ""}
          </span>
        }
      />
      {connection.status === "failing" ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
          {connection.statusMessage}
        </div>
      ) : null}
      <Card title="Runs" description="Every sync and backfill: when, what it read, what it wrote, and how it ended.">
        {connection.runs.length === 0 ? (
          <EmptyState>No runs yet.</EmptyState>
        ) : (
          <Table caption="Sync runs">
            <thead>
              <tr>
                <Th>Started</Th>
                <Th>Kind</Th>
                <Th>Days</Th>
                <Th>Status</Th>
                <Th className="text-right">Records</Th>
                <Th className="text-right">Requests</Th>
                <Th>Took</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {connection.runs.map((run) => (
                <tr key={run.id} data-testid={`run-${run.id}`}>
                  <Td className="whitespace-nowrap">{new Date(run.startedAt ?? run.createdAt).toLocaleString()}</Td>
                  <Td>{run.trigger}</Td>
                  <Td className="whitespace-nowrap">
                    {run.from} – {run.to}
                  </Td>
                  <Td>
                    <RunStatus run={run} />
                  </Td>
                  <Td className="text-right tabular-nums">{formatCount(run.records)}</Td>
                  <Td className="text-right tabular-nums">
                    {formatCount(run.requests)}
                    {run.retries ? <span className="text-xs text-slate-600"> ({formatCount(run.retries)} retried)</span> : null}
                  </Td>
                  <Td className="whitespace-nowrap">{duration(run)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {connection.provider === "anthropic" ? (
        <Card title="Claude Code, last 30 days" description="Anthropic's Claude Code report, per person. Its API-key usage is already in the spend above, so these costs are not added to it.">
          {claudeCode.length === 0 ? (
            <EmptyState>No Claude Code activity reported.</EmptyState>
          ) : (
            <Table caption="Claude Code by person">
              <thead>
                <tr>
                  <Th>Who</Th>
                  <Th className="text-right">Sessions</Th>
                  <Th className="text-right">Lines +/−</Th>
                  <Th className="text-right">Commits</Th>
                  <Th className="text-right">Tokens</Th>
                  <Th className="text-right">Estimated</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {claudeCode.map((row) => (
                  <tr key={row.actor}>
                    <Td>{row.actor}</Td>
                    <Td className="text-right tabular-nums">{formatCount(row.sessions)}</Td>
                    <Td className="text-right tabular-nums">
                      +{formatCount(row.linesAdded)} / −{formatCount(row.linesRemoved)}
                    </Td>
                    <Td className="text-right tabular-nums">{formatCount(row.commits)}</Td>
                    <Td className="text-right tabular-nums">{formatCount(row.tokens)}</Td>
                    <Td className="text-right tabular-nums">{formatMoney(row.estimatedCost, "USD")}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      ) : null}
      {mayAtAll(actor, "connections:write") ? (
        <Card title="Settings">
          <ConnectionSettings org={org} connection={connection} />
        </Card>
      ) : null}
    </div>
  );
}
