import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { formatOutcomeCount, formatOutcomeRate, formatTokensPerRequest } from "@/components/outcomes/format-outcomes";
import { OutcomeUploadForm } from "@/components/outcomes/outcome-upload-form";
import { OutcomesHowTo } from "@/components/outcomes/outcomes-how-to";
import { WorkflowOutcomesCard } from "@/components/outcomes/workflow-outcomes-card";
import { Card, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import { orgToday } from "@/lib/analytics/overview";
import { presetRange } from "@/lib/analytics/schemas";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { outcomeReport } from "@/lib/outcomes/outcomes";
import { requestOrigin } from "@/lib/request-origin";
import { uploadOutcomesAction } from "./actions";

export const metadata: Metadata = { title: "Outcomes" };

// Thirty days by day, ninety by week: enough points to see a trend, few enough to read.
const RANGES = {
  "30d": { label: "Last 30 days", granularity: "day", bucket: "day" },
  "90d": { label: "Last 90 days", granularity: "week", bucket: "week" },
} as const;
const RangeSchema = z.enum(["30d", "90d"]).catch("30d");

function RangePicker({ org, current }: { org: string; current: keyof typeof RANGES }) {
  return (
    <nav aria-label="Range" className="flex gap-1 rounded-md bg-slate-100 p-1">
      {(Object.keys(RANGES) as (keyof typeof RANGES)[]).map((range) => (
        <Link
          key={range}
          href={`/${org}/outcomes?range=${range}`}
          aria-current={range === current ? "page" : undefined}
          className={cn("rounded px-3 py-1.5 text-sm font-medium", range === current ? "bg-white text-indigo-700 shadow-sm" : "text-slate-700 hover:text-slate-900")}
        >
          {RANGES[range].label}
        </Link>
      ))}
    </nav>
  );
}

export default async function OutcomesPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ range?: string | string[] }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "outcomes:read", `/${org}/outcomes`);
  const range = RangeSchema.parse((await searchParams).range);
  const { from, to } = presetRange(range, orgToday(actor.org.timeZone));
  const { granularity, bucket } = RANGES[range];
  const outcome = await outcomeReport(actor, { from, to, granularity }).then(
    (report) => ({ report, problem: null }),
    (error: unknown) => {
      if (isAppError(error) && error.code === "missing_exchange_rate") return { report: null, problem: error.message };
      throw error;
    },
  );
  const canWrite = mayAtAll(actor, "outcomes:write");
  const workflows = outcome.report?.workflows ?? [];
  const currency = actor.org.currency;
  const money = (amount: string | null) => (amount === null ? "—" : formatMoney(amount, currency));
  const upload = canWrite ? (
    <Card title="Upload outcomes" description="A CSV of counts per workflow, day and kind.">
      <OutcomeUploadForm action={uploadOutcomesAction.bind(null, org)} />
    </Card>
  ) : null;

  return (
    <div className="max-w-7xl space-y-6">
      <PageHeader
        title="Outcomes"
        description={`What each workflow achieved for its spend, ${from} to ${to}, in ${currency}: cost per outcome, and whether more tokens per request bought more outcomes.${actor.role === "MANAGER" ? " You see your teams' workflows." : ""}`}
        actions={<RangePicker org={org} current={range} />}
      />
      {outcome.problem ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          {outcome.problem}
        </div>
      ) : null}
      {workflows.length === 0 ? (
        <Card title="No outcomes in this range" description={actor.role === "MANAGER" ? "None of your teams' workflows has outcomes here yet." : undefined}>
          <OutcomesHowTo origin={await requestOrigin()} canWrite={canWrite} />
        </Card>
      ) : (
        <>
          <Card title="Workflows" description="Spend and outcomes over the range. Cost per outcome is spend divided by outcomes; outcomes per request is the outcome rate.">
            <Table caption="Cost per outcome by workflow">
              <thead>
                <tr>
                  <Th>Workflow</Th>
                  <Th className="text-right">Spend</Th>
                  <Th className="text-right">Outcomes</Th>
                  <Th className="text-right">Cost per outcome</Th>
                  <Th className="text-right">Tokens per request</Th>
                  <Th className="text-right">Outcomes per request</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {workflows.map(({ workflow, totals }) => (
                  <tr key={workflow.id} data-testid={`outcome-row-${workflow.name}`}>
                    <Td className="font-medium">{workflow.name}</Td>
                    <Td className="text-right tabular-nums">{money(totals.spend)}</Td>
                    <Td className="text-right tabular-nums">{formatOutcomeCount(totals.outcomes)}</Td>
                    <Td className="text-right tabular-nums">{money(totals.costPerOutcome)}</Td>
                    <Td className="text-right tabular-nums">{formatTokensPerRequest(totals.tokensPerRequest)}</Td>
                    <Td className="text-right tabular-nums">{formatOutcomeRate(totals.outcomeRate)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
          {workflows.map((entry) => (
            <WorkflowOutcomesCard key={entry.workflow.id} entry={entry} currency={currency} bucketLabel={bucket} />
          ))}
        </>
      )}
      {upload}
    </div>
  );
}
