import type { Metadata } from "next";
import { Download } from "lucide-react";
import { PrintButton } from "@/components/reports/print-button";
import { defaultMonths, monthLabel, MonthRangeForm, ReportNav } from "@/components/reports/report-nav";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { orgToday } from "@/lib/analytics/overview";
import { can } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { addDecimals, formatMoney } from "@/lib/money";
import { chargeback, type Chargeback } from "@/lib/reports/chargeback";

export const metadata: Metadata = { title: "Chargeback" };

export default async function ChargebackPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "spend:read", `/${org}/reports`);
  const search = await searchParams;
  const fallback = defaultMonths(orgToday(actor.org.timeZone));
  const range = { from: search.from ?? fallback.from, to: search.to ?? fallback.to };
  const outcome = await chargeback(actor, range).then(
    (report) => ({ report, problem: null }),
    (error: unknown) => {
      if (isAppError(error) && (error.code === "validation_failed" || error.code === "missing_exchange_rate")) return { report: null, problem: error.message };
      throw error;
    },
  );
  const csv = `/api/v1/reports/chargeback?${new URLSearchParams({ ...range, format: "csv", org })}`;
  return (
    <div className="max-w-7xl">
      <PageHeader
        title="Chargeback"
        description={
          <>
            What each team is charged per month: its own spend plus its shares of split shared spend. Splits are set under Settings → Attribution.
            {outcome.report?.scopedToTeams ? " You see the teams you manage." : null}
          </>
        }
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
      <ReportNav org={org} current="chargeback" finance={can(actor, "uploads:read")} />
      <MonthRangeForm from={range.from} to={range.to} />
      {outcome.problem || !outcome.report ? (
        <div role="alert" className="mt-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          {outcome.problem ?? "The report could not be made."}
        </div>
      ) : (
        <ChargebackTables report={outcome.report} />
      )}
    </div>
  );
}

function ChargebackTables({ report }: { report: Chargeback }) {
  const money = (amount: string) => formatMoney(amount, report.currency);
  if (report.rows.length === 0) {
    return (
      <div className="mt-6">
        <EmptyState>No spend from {monthLabel(report.from)} to {monthLabel(report.to)}.</EmptyState>
      </div>
    );
  }
  // Team × month grid of the totals charged.
  const teams = new Map<string, { team: string; costCenter: string | null; byMonth: Map<string, string>; total: string }>();
  for (const row of report.rows) {
    const key = row.teamId ?? "";
    const entry = teams.get(key) ?? { team: row.team, costCenter: row.costCenter, byMonth: new Map(), total: "0" };
    entry.byMonth.set(row.month, row.total);
    teams.set(key, entry);
  }
  for (const entry of teams.values()) entry.total = addDecimals([...entry.byMonth.values()]);
  return (
    <div className="mt-6 space-y-6">
      <p className="hidden text-sm text-slate-600 print:block">
        Chargeback {monthLabel(report.from)} – {monthLabel(report.to)}, {report.currency}
      </p>
      <Card title="Charged per team and month" description={`${report.currency}; shared spend included.`}>
        <Table caption="Total charged per team and month">
          <thead>
            <tr>
              <Th>Cost center</Th>
              <Th>Team</Th>
              {report.months.map((month) => (
                <Th key={month} className="text-right">
                  {monthLabel(month)}
                </Th>
              ))}
              <Th className="text-right">Total</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {[...teams.entries()].map(([key, entry]) => (
              <tr key={key} data-testid="chargeback-team">
                <Td className="whitespace-nowrap text-slate-600">{entry.costCenter ?? "—"}</Td>
                <th scope="row" className="px-5 py-2.5 text-left align-top font-medium text-slate-900">
                  {entry.team}
                </th>
                {report.months.map((month) => (
                  <Td key={month} className="text-right tabular-nums">
                    {entry.byMonth.has(month) ? money(entry.byMonth.get(month)!) : "—"}
                  </Td>
                ))}
                <Td className="text-right font-medium tabular-nums">{money(entry.total)}</Td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t-2 border-slate-300">
            <tr>
              <Td />
              <th scope="row" className="px-5 py-2.5 text-left font-semibold text-slate-900">
                Total
              </th>
              {report.monthTotals.map((entry) => (
                <Td key={entry.month} className="text-right font-medium tabular-nums">
                  {money(entry.total)}
                </Td>
              ))}
              <Td className="text-right font-semibold tabular-nums" data-testid="chargeback-total">
                {money(report.total.total)}
              </Td>
            </tr>
          </tfoot>
        </Table>
      </Card>
      <Card title="Detail" description="Direct spend, shares received from split spend, and spend shared out to other teams.">
        <Table caption="Chargeback detail per month and team">
          <thead>
            <tr>
              <Th>Month</Th>
              <Th>Cost center</Th>
              <Th>Team</Th>
              <Th className="text-right">Direct</Th>
              <Th className="text-right">Shared in</Th>
              <Th className="text-right">Shared out</Th>
              <Th className="text-right">Total</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {report.months.flatMap((month) =>
              report.rows
                .filter((row) => row.month === month)
                .map((row) => (
                  <tr key={`${month}-${row.teamId ?? ""}`}>
                    <Td>{monthLabel(month)}</Td>
                    <Td className="text-slate-600">{row.costCenter ?? "—"}</Td>
                    <Td>{row.team}</Td>
                    <Td className="text-right tabular-nums">{money(row.direct)}</Td>
                    <Td className="text-right tabular-nums">{row.sharedIn === "0.00" ? "—" : money(row.sharedIn)}</Td>
                    <Td className="text-right tabular-nums">{row.sharedOut === "0.00" ? "—" : money(row.sharedOut)}</Td>
                    <Td className="text-right font-medium tabular-nums">{money(row.total)}</Td>
                  </tr>
                )),
            )}
          </tbody>
        </Table>
      </Card>
      {report.splits.length ? (
        <Card title="Splits applied">
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            {report.splits.map((split) => (
              <li key={split.id}>
                <strong>{split.name}</strong>: {split.source} shared {split.method === "even" ? "evenly" : split.method === "fixed" ? "by fixed shares" : "in proportion to their own spend"} with{" "}
                {split.targets.join(", ")}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
