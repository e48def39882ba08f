import Decimal from "decimal.js";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { LazyStackedBars, LazyUnitEconomics } from "@/components/charts/lazy";
import { Card, PageHeader } from "@/components/ui/card";
import { overview, type Overview, type Slice } from "@/lib/analytics/overview";
import { listBudgets } from "@/lib/budgets/budgets";
import type { BudgetView } from "@/lib/budgets/schemas";
import { DEFAULT_VIEW, toSearchParams, type ExplorerView } from "@/lib/analytics/url";
import type { Actor } from "@/lib/auth/actor";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActor } from "@/lib/auth/page-actor";
import { colorsFor, stackedSeries } from "@/lib/charts/prepare";
import { isAppError } from "@/lib/errors";
import { formatCount, formatMoney } from "@/lib/money";
import { organizationSummary } from "@/lib/orgs/queries";
import { ROLE_LABELS, ROLES } from "@/lib/permissions";

export const metadata: Metadata = { title: "Overview" };

const percent = (share: string | null) => (share === null ? "—" : `${new Decimal(share).times(100).toDecimalPlaces(1).toFixed()} %`);

function explorerLink(org: string, view: Partial<ExplorerView>) {
  return `/${org}/explorer?${toSearchParams({ ...DEFAULT_VIEW, ...view }).toString()}`;
}

function Kpi({ label, value, detail, testId, href }: { label: string; value: string; detail: string; testId: string; href?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {href ? (
          <Link href={href} className="hover:underline">
            {value}
          </Link>
        ) : (
          value
        )}
      </dd>
      <dd className="mt-1 text-xs text-slate-600">{detail}</dd>
    </div>
  );
}

function SliceList({ title, slices, currency, link }: { title: string; slices: Slice[]; currency: string; link: (slice: Slice) => string | null }) {
  const colors = colorsFor(slices.map((slice) => slice.key));
  return (
    <Card title={title}>
      {slices.length === 0 ? (
        <p className="text-sm text-slate-600">No spend this month.</p>
      ) : (
        <ul className="space-y-2" aria-label={title}>
          {slices.map((slice) => {
            const href = link(slice);
            const color = colors.get(slice.key)!;
            return (
              <li key={slice.key} className="text-sm">
                <div className="flex items-baseline justify-between gap-2">
                  <span className="min-w-0 truncate text-slate-800" title={slice.label}>
                    {href ? <Link href={href} className="hover:underline">{slice.label}</Link> : slice.label}
                  </span>
                  <span className="shrink-0 whitespace-nowrap text-xs tabular-nums text-slate-600">{percent(slice.share)}</span>
                </div>
                <div className="tabular-nums text-slate-900">{formatMoney(slice.value, currency)}</div>
                <div className="mt-1 h-1.5 rounded-full bg-slate-100" aria-hidden>
                  <div className="h-full rounded-full" style={{ width: `${Math.min(100, Number(slice.share) * 100)}%`, background: color }} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function Spend({ org, data }: { org: string; data: Overview }) {
  const { currency } = data;
  const change = data.monthToDate.change;
  const daily = stackedSeries(data.daily, 6);
  const filterLink = (dimension: "team" | "workflow" | "model" | "provider") => (slice: Slice) =>
    slice.key === "__other__" ? null : explorerLink(org, { range: "mtd", groupBy: [dimension === "team" ? "workflow" : "team"], filters: { [dimension]: [slice.key === "\u0000" ? "" : slice.key] } });
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Kpi
          label="Month to date"
          value={formatMoney(data.monthToDate.value, currency)}
          detail={`${change === null ? "no spend" : `${Number(change) >= 0 ? "+" : ""}${percent(change)}`} against ${formatMoney(data.monthToDate.previous, currency)} by ${data.monthToDate.previousRange.to}`}
          testId="mtd"
          href={explorerLink(org, { range: "mtd", groupBy: ["provider"] })}
        />
        <Kpi label="Forecast to month end" value={formatMoney(data.forecast.value, currency)} detail={`${formatMoney(data.forecast.dailyRate, currency)} a day (last 7 days) × ${data.forecast.daysLeft} day${data.forecast.daysLeft === 1 ? "" : "s"} left`} testId="forecast" />
        <Kpi
          label="Unattributed this month"
          value={formatMoney(data.unattributed.value, currency)}
          detail={`${percent(data.unattributed.share)} of spend has no team`}
          testId="unattributed"
          href={explorerLink(org, { range: "mtd", groupBy: ["project"], filters: { team: [""] } })}
        />
        <Kpi
          label="Unpriced usage this month"
          value={`${formatCount(data.unpriced.records)} records`}
          detail={`${formatCount(data.unpriced.tokens)} tokens the catalog cannot price`}
          testId="unpriced"
          href={`/${org}/prices`}
        />
      </dl>
      <Card title="Daily spend by provider" description={`Last 30 days, ${currency}. Billed where billed, else estimated.`}>
        <LazyStackedBars series={daily.series} data={daily.data} unit={{ kind: "money", currency }} title="Daily spend by provider, last 30 days" />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2 xl:grid-cols-4">
        <SliceList title="Teams" slices={data.top.team} currency={currency} link={filterLink("team")} />
        <SliceList title="Workflows" slices={data.top.workflow} currency={currency} link={filterLink("workflow")} />
        <SliceList title="Models" slices={data.top.model} currency={currency} link={filterLink("model")} />
        <SliceList title="Providers" slices={data.top.provider} currency={currency} link={filterLink("provider")} />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Biggest movers" description="Last 7 days against the 7 before." className="lg:col-span-1">
          {data.movers.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing moved.</p>
          ) : (
            <ul className="space-y-1.5 text-sm" aria-label="Biggest movers">
              {data.movers.map((mover) => (
                <li key={`${mover.dimension}/${mover.key}`} className="flex justify-between gap-2">
                  <span className="min-w-0 truncate">
                    <span className="text-xs uppercase text-slate-500">{mover.dimension}</span> {mover.label}
                  </span>
                  <span className={`shrink-0 whitespace-nowrap tabular-nums ${mover.delta.startsWith("-") ? "text-emerald-700" : "text-red-700"}`}>
                    {mover.delta.startsWith("-") ? "−" : "+"}
                    {formatMoney(mover.delta.replace(/^-/, ""), currency)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Unit economics" description="Twelve months: tokens (bars), spend and the price per million tokens." className="lg:col-span-2">
          <LazyUnitEconomics months={data.unitEconomics} currency={currency} />
        </Card>
      </div>
    </div>
  );
}

async function SpendSection({ org, actor }: { org: string; actor: Actor }) {
  let data: Overview;
  try {
    data = await overview(actor);
  } catch (error) {
    if (!isAppError(error) || error.code !== "missing_exchange_rate") throw error;
    return (
      <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
        {error.message}
      </div>
    );
  }
  const budgets = mayAtAll(actor, "budgets:read") ? await listBudgets(actor) : [];
  return (
    <>
      <Spend org={org} data={data} />
      {budgets.length ? <BudgetBurn budgets={budgets} /> : null}
    </>
  );
}

const BURN: Record<BudgetView["current"]["state"], string> = { ok: "bg-emerald-600", warning: "bg-amber-500", over: "bg-red-600" };

/** Each budget's current period: actual against the amount, days left (issue 7 adds forecasts and alerts). */
function BudgetBurn({ budgets }: { budgets: BudgetView[] }) {
  return (
    <Card title="Budget burn" description="This period's spend against each budget.">
      <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="Budgets">
        {budgets.map((budget) => (
          <li key={budget.id} className="text-sm" data-testid={`budget-${budget.name}`}>
            <div className="flex items-baseline justify-between gap-2">
              <span className="min-w-0 truncate font-medium text-slate-900" title={budget.name}>
                {budget.name}
              </span>
              <span className="shrink-0 whitespace-nowrap text-xs tabular-nums text-slate-600">{budget.current.percent} %</span>
            </div>
            <div className="tabular-nums text-slate-700">
              {formatMoney(budget.current.actual, budget.currency)} of {formatMoney(budget.amount, budget.currency)} · {budget.current.label} · {budget.current.daysLeft} day{budget.current.daysLeft === 1 ? "" : "s"} left
            </div>
            <div className="mt-1 h-1.5 rounded-full bg-slate-100" aria-hidden>
              <div className={`h-full rounded-full ${BURN[budget.current.state]}`} style={{ width: `${Math.min(100, Number(budget.current.percent))}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActor(org);
  const summary = await organizationSummary(actor);
  const base = `/${actor.org.slug}`;
  const stats = [
    { label: "Members", value: ROLES.reduce((sum, role) => sum + (summary.membersByRole[role] ?? 0), 0), detail: ROLES.map((role) => `${summary.membersByRole[role] ?? 0} ${ROLE_LABELS[role].toLowerCase()}`).join(" · "), href: mayAtAll(actor, "members:manage") ? `${base}/settings/members` : null },
    { label: "Teams", value: summary.teams, detail: "who spend gets attributed to", href: mayAtAll(actor, "teams:update") ? `${base}/settings/teams` : null },
    { label: "Workflows", value: summary.workflows, detail: "the applications that spend", href: mayAtAll(actor, "workflows:write") ? `${base}/settings/workflows` : null },
    { label: "Active API tokens", value: summary.activeTokens, detail: "for scripts and gateways", href: mayAtAll(actor, "tokens:create") ? `${base}/settings/tokens` : null },
  ];
  return (
    <div className="max-w-7xl space-y-6">
      <PageHeader
        title={actor.org.name}
        description={`Reporting in ${actor.org.currency}, days cut in ${actor.org.timeZone}.${actor.role === "MANAGER" ? " Spend shown is your teams'." : ""}`}
      />
      {mayAtAll(actor, "spend:read") ? (
        // Streamed: the page (and its address) comes at once, the figures when they are computed.
        <Suspense fallback={<div className="h-96 animate-pulse rounded-lg bg-slate-100" role="status" aria-label="Loading spend" />}>
          <SpendSection org={org} actor={actor} />
        </Suspense>
      ) : null}
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Organization">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm font-medium text-slate-600">{stat.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={`stat-${stat.label.toLowerCase().replace(/\s+/g, "-")}`}>
              {stat.value}
            </dd>
            <dd className="mt-1 text-xs text-slate-600">{stat.href ? <Link href={stat.href} className="hover:underline">{stat.detail}</Link> : stat.detail}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
