import type { Metadata } from "next";
import Link from "next/link";
import { Pencil } from "lucide-react";
import { AlertTable } from "@/components/alerts/alert-table";
import { DeleteBudgetButton, MuteToggle } from "@/components/budgets/budget-controls";
import { BUDGET_PERIOD_LABELS, days, describeScope } from "@/components/budgets/budget-labels";
import { budgetOrNotFound } from "@/components/budgets/budget-or-not-found";
import { BudgetStateBadge } from "@/components/budgets/burn-bar";
import { driverLink } from "@/components/budgets/driver-link";
import { LazyBurnChart } from "@/components/budgets/lazy-burn-chart";
import { burnChart } from "@/components/budgets/prepare-burn";
import { buttonClass } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { listAlerts } from "@/lib/alerts/alerts";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import type { BudgetDetail, BudgetDriver } from "@/lib/budgets/schemas";
import { listMembers } from "@/lib/members/queries";
import { formatMoney } from "@/lib/money";
import { listChannels } from "@/lib/notifications/channels";

export const metadata: Metadata = { title: "Budget" };

const METHOD: Record<BudgetDetail["forecast"]["method"], string> = {
  weekday: "from the weekday pattern of the last four weeks",
  "run-rate": "from this period's daily average (too little history for weekdays)",
};

function Figure({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </dd>
      <dd className="mt-1 text-xs text-slate-600">{detail}</dd>
    </div>
  );
}

/** A share of the amount as a thin bar, red from 100 %. */
function ShareBar({ percent }: { percent: string }) {
  return (
    <div className="h-1.5 w-24 rounded-full bg-slate-100" aria-hidden>
      <div className={`h-full rounded-full ${Number(percent) >= 100 ? "bg-red-600" : "bg-indigo-500"}`} style={{ width: `${Math.min(100, Number(percent))}%` }} />
    </div>
  );
}

function Drivers({ title, drivers, currency, href }: { title: string; drivers: BudgetDriver[]; currency: string; href: (driver: BudgetDriver) => string }) {
  return (
    <Card title={title}>
      {drivers.length === 0 ? (
        <EmptyState>No spend this period.</EmptyState>
      ) : (
        <ol className="divide-y divide-slate-100 text-sm" aria-label={title}>
          {drivers.map((driver) => (
            <li key={driver.id ?? ""} className="flex items-baseline justify-between gap-3 py-1.5">
              <Link href={href(driver)} className="min-w-0 truncate text-indigo-700 hover:underline" title={driver.name}>
                {driver.name}
              </Link>
              <span className="shrink-0 tabular-nums text-slate-900">{formatMoney(driver.amount, currency)}</span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

export default async function BudgetPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const actor = await pageActorWith(org, "budgets:read", `/${org}/budgets/${id}`);
  const budget = await budgetOrNotFound(actor, id);
  const canWrite = mayAtAll(actor, "budgets:write");
  const [alerts, channels, members] = await Promise.all([
    mayAtAll(actor, "alerts:read") ? listAlerts(actor, { budgetId: id }) : null,
    mayAtAll(actor, "channels:read") ? listChannels(actor) : [],
    mayAtAll(actor, "members:read") ? listMembers(actor) : [],
  ]);
  const money = (amount: string) => formatMoney(amount, budget.currency);
  const current = budget.current;
  const owner = members.find((member) => member.userId === budget.ownerUserId);
  const channelNames = budget.channelIds.map((channelId) => channels.find((channel) => channel.id === channelId)?.name ?? "(removed channel)");
  const policy = [
    budget.policy.downgradeAtPercent === null ? null : `downgrade from ${budget.policy.downgradeAtPercent} %`,
    budget.policy.blockAtPercent === null ? null : `block from ${budget.policy.blockAtPercent} %`,
  ].filter(Boolean);
  return (
    <div className="max-w-7xl space-y-6">
      <p className="text-sm">
        <Link href={`/${org}/budgets`} className="text-indigo-700 hover:underline">
          ← Budgets
        </Link>
      </p>
      <PageHeader
        title={budget.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <BudgetStateBadge state={current.state} />
            {budget.muted ? <Badge>Muted</Badge> : null}
            {describeScope(budget.scope)} · {money(budget.amount)} {BUDGET_PERIOD_LABELS[budget.period].toLowerCase()} · {current.label}
          </span>
        }
        actions={
          canWrite ? (
            <div className="flex items-start gap-2">
              <MuteToggle org={org} id={id} muted={budget.muted} />
              <Link href={`/${org}/budgets/${id}/edit`} className={buttonClass("secondary")}>
                <Pencil aria-hidden className="size-4" />
                Edit
              </Link>
            </div>
          ) : null
        }
      />
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Figure label="Spent this period" value={money(current.actual)} detail={`of ${money(budget.amount)}, ${current.from} – ${current.to}`} testId="budget-actual" />
        <Figure
          label="Used"
          value={`${current.percent} %`}
          detail={current.thresholdsCrossed.length ? `Crossed ${current.thresholdsCrossed.map((threshold) => `${threshold} %`).join(", ")}` : `Thresholds at ${budget.thresholds.map((threshold) => `${threshold} %`).join(", ")}`}
          testId="budget-percent"
        />
        <Figure
          label="Forecast to the period's end"
          value={money(budget.forecast.value)}
          detail={`${budget.forecast.percent} % of the amount; likely ${money(budget.forecast.low)} – ${money(budget.forecast.high)}, ${METHOD[budget.forecast.method]}`}
          testId="budget-forecast"
        />
        <Figure label="Left in the period" value={days(current.daysLeft)} detail={`${current.label} ends ${current.to}`} testId="budget-days-left" />
      </dl>
      <Card
        title="This period"
        description={`Cumulative spend in ${budget.currency} against the budget, and the forecast with its likely range.`}
        actions={
          <Link href={`/${org}${budget.explorerLink}`} className="whitespace-nowrap text-sm font-medium text-indigo-700 hover:underline">
            View in explorer
          </Link>
        }
      >
        <LazyBurnChart chart={burnChart(budget)} currency={budget.currency} title={`${budget.name}: cumulative spend, budget and forecast, ${current.label}`} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Drivers title="Top workflows" drivers={budget.drivers.workflows} currency={budget.currency} href={(driver) => driverLink(org, budget.explorerLink, "workflow", driver.id)} />
        <Drivers title="Top models" drivers={budget.drivers.models} currency={budget.currency} href={(driver) => driverLink(org, budget.explorerLink, "model", driver.id)} />
      </div>
      <Card title="Past periods">
        {budget.history.length === 0 ? (
          <EmptyState>No earlier periods.</EmptyState>
        ) : (
          <Table caption="Past periods">
            <thead>
              <tr>
                <Th>Period</Th>
                <Th className="text-right">Spent</Th>
                <Th className="text-right">Of the amount</Th>
                <Th>
                  <span className="sr-only">Share of the amount</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {[...budget.history].reverse().map((period) => (
                <tr key={period.from} data-testid={`period-${period.label}`}>
                  <Td className="whitespace-nowrap">{period.label}</Td>
                  <Td className="text-right tabular-nums">{money(period.actual)}</Td>
                  <Td className="text-right tabular-nums">{period.percent} %</Td>
                  <Td>
                    <ShareBar percent={period.percent} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {alerts ? (
        <Card
          title="Alerts"
          description="What this budget fired, newest first."
          actions={
            <Link href={`/${org}/alerts?budget=${encodeURIComponent(id)}`} className="whitespace-nowrap text-sm font-medium text-indigo-700 hover:underline">
              All alerts of this budget
            </Link>
          }
        >
          {alerts.length === 0 ? (
            <EmptyState>No alerts yet.</EmptyState>
          ) : (
            <AlertTable org={org} alerts={alerts} timeZone={actor.org.timeZone} canAcknowledge={mayAtAll(actor, "alerts:write")} caption="Alerts of this budget" />
          )}
        </Card>
      ) : null}
      <Card title="Settings">
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="font-medium text-slate-600">Thresholds</dt>
            <dd>{budget.thresholds.map((threshold) => `${threshold} %`).join(", ")}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-600">Gateway policy</dt>
            <dd>{policy.length ? policy.join(", ") : "None"}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-600">Channels</dt>
            <dd>{channelNames.length ? channelNames.join(", ") : "None: alerts show in the app"}{budget.muted ? " (muted)" : ""}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-600">Owner</dt>
            <dd>{owner ? (owner.name ?? owner.email) : "None"}</dd>
          </div>
          {budget.note ? (
            <div className="sm:col-span-2">
              <dt className="font-medium text-slate-600">Note</dt>
              <dd className="whitespace-pre-line">{budget.note}</dd>
            </div>
          ) : null}
        </dl>
        {canWrite ? (
          <div className="mt-4 border-t border-slate-200 pt-4">
            <DeleteBudgetButton org={org} id={id} name={budget.name} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
