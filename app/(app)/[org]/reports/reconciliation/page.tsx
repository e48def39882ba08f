import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { PrintButton } from "@/components/reports/print-button";
import { defaultMonths, monthLabel, MonthRangeForm, ReportNav } from "@/components/reports/report-nav";
import { buttonClass } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { orgToday } from "@/lib/analytics/overview";
import { pageActorWith } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { providerLabel } from "@/lib/ingest/providers";
import { formatMoney } from "@/lib/money";
import { reconciliation, reconciliationDrill, RECONCILIATION_TOLERANCE, type ReconciliationLine, type ReconciliationStatus } from "@/lib/reports/reconciliation";

export const metadata: Metadata = { title: "Reconciliation" };

const STATUS: Record<ReconciliationStatus, { label: string; tone: "emerald" | "amber" | "slate" | "red" }> = {
  agrees: { label: "Agrees", tone: "emerald" },
  differs: { label: "Differs", tone: "amber" },
  no_billing: { label: "No bill yet", tone: "slate" },
  no_estimate: { label: "Not priced", tone: "red" },
};

async function orProblem<T>(promise: Promise<T>): Promise<{ value: T | null; problem: string | null }> {
  return promise.then(
    (value) => ({ value, problem: null }),
    (error: unknown) => {
      if (isAppError(error) && (error.code === "validation_failed" || error.code === "missing_exchange_rate")) return { value: null, problem: error.message };
      throw error;
    },
  );
}

export default async function ReconciliationPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "uploads:read", `/${org}/reports/reconciliation`);
  const search = await searchParams;
  const fallback = defaultMonths(orgToday(actor.org.timeZone));
  const range = { from: search.from ?? fallback.from, to: search.to ?? fallback.to };
  const drillTo = search.provider && search.month ? { provider: search.provider, month: search.month } : null;
  const [summary, drill] = await Promise.all([orProblem(reconciliation(actor, range)), drillTo ? orProblem(reconciliationDrill(actor, drillTo)) : Promise.resolve(null)]);
  const currency = actor.org.currency;
  const money = (amount: string | null) => (amount === null ? "—" : formatMoney(amount, currency));
  const csv = `/api/v1/reports/reconciliation?${new URLSearchParams({ ...range, format: "csv", org })}`;
  const problem = summary.problem ?? drill?.problem;
  return (
    <div className="max-w-7xl">
      <PageHeader
        title="Reconciliation"
        description={`Per provider and month, what the provider billed against what the usage data comes to at catalog and contract prices, over the days the provider billed. Within ${RECONCILIATION_TOLERANCE.percent} % (or a cent) counts as agreeing.`}
        actions={
          <div className="flex gap-2 print:hidden">
            <a className={buttonClass("secondary", "sm")} href={csv} download>
              <Download aria-hidden className="size-4" />
              CSV
            </a>
            <PrintButton />
          </div>
        }
      />
      <ReportNav org={org} current="reconciliation" finance />
      <MonthRangeForm from={range.from} to={range.to} />
      {problem ? (
        <div role="alert" className="mt-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          {problem}
        </div>
      ) : null}
      {summary.value ? (
        <div className="mt-6 space-y-6">
          <Card title="By provider and month" description={currency}>
            {summary.value.rows.length === 0 ? (
              <EmptyState>No usage or bills in these months.</EmptyState>
            ) : (
              <Table caption="Billed against estimated cost per provider and month">
                <LineHead first="Month" second="Provider" />
                <tbody className="divide-y divide-slate-100">
                  {summary.value.rows.map((row) => {
                    const href = `/${org}/reports/reconciliation?${new URLSearchParams({ ...range, provider: row.provider, month: row.month })}`;
                    const open = drillTo?.provider === row.provider && drillTo.month === row.month;
                    return (
                      <LineRow key={row.key} line={row} first={monthLabel(row.month)} money={money} selected={open}>
                        <Link href={href} className="font-medium text-indigo-700 underline-offset-2 hover:underline" aria-label={`${row.label}, ${monthLabel(row.month)}: by model and day`}>
                          {row.label}
                        </Link>
                      </LineRow>
                    );
                  })}
                </tbody>
                <tfoot className="border-t-2 border-slate-300">
                  <LineRow line={summary.value.total} first="" money={money}>
                    <strong>Total</strong>
                  </LineRow>
                </tfoot>
              </Table>
            )}
          </Card>
          {drill?.value ? (
            <div className="space-y-6" id="drill">
              {(
                [
                  ["model", "Model", drill.value.byModel],
                  ["day", "Day", drill.value.byDay],
                ] as const
              ).map(([by, heading, lines]) => (
                <Card key={by} title={`${providerLabel(drill.value!.provider)}, ${monthLabel(drill.value!.month)}: by ${by}`}>
                  <Table caption={`By ${by}`}>
                    <LineHead first={heading} />
                    <tbody className="divide-y divide-slate-100">
                      {lines.map((line) => (
                        <LineRow key={line.key} line={line} first={line.label} money={money} />
                      ))}
                    </tbody>
                    <tfoot className="border-t-2 border-slate-300">
                      <LineRow line={drill.value!.total} first="Total" money={money} />
                    </tfoot>
                  </Table>
                </Card>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function LineHead({ first, second }: { first: string; second?: string }) {
  return (
    <thead>
      <tr>
        <Th>{first}</Th>
        {second ? <Th>{second}</Th> : null}
        <Th className="text-right">Billed</Th>
        <Th className="text-right">Estimated, billed days</Th>
        <Th className="text-right">Difference</Th>
        <Th className="text-right">Estimated, all days</Th>
        <Th className="text-right">Billed days</Th>
        <Th>Status</Th>
      </tr>
    </thead>
  );
}

function LineRow({ line, first, money, children, selected }: { line: ReconciliationLine; first: string; money: (amount: string | null) => string; children?: React.ReactNode; selected?: boolean }) {
  const status = STATUS[line.status];
  return (
    <tr data-testid="reconciliation-row" className={selected ? "bg-indigo-50" : undefined}>
      <Td className="whitespace-nowrap">{first}</Td>
      {children !== undefined ? <Td className="whitespace-nowrap">{children}</Td> : null}
      <Td className="text-right tabular-nums">{money(line.billed)}</Td>
      <Td className="text-right tabular-nums">{line.billed === null ? "—" : money(line.estimatedOnBilledDays)}</Td>
      <Td className="text-right tabular-nums">
        {line.difference === null ? "—" : `${money(line.difference)}${line.differencePercent === null ? "" : ` (${line.differencePercent} %)`}`}
      </Td>
      <Td className="text-right tabular-nums">{money(line.estimated)}</Td>
      <Td className="text-right tabular-nums">
        {line.billedDays} / {line.usageDays}
      </Td>
      <Td>
        <Badge tone={status.tone}>{status.label}</Badge>
        {line.unpricedRecords ? <span className="ml-2 text-xs text-slate-500">{line.unpricedRecords} unpriced</span> : null}
      </Td>
    </tr>
  );
}
