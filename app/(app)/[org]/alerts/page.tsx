import type { Metadata } from "next";
import Link from "next/link";
import { AlertTable, capitalized } from "@/components/alerts/alert-table";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { listAlerts } from "@/lib/alerts/alerts";
import { ALERT_KIND_LABELS, ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, AlertListQuerySchema, type AlertListQuery } from "@/lib/alerts/schemas";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listBudgets } from "@/lib/budgets/budgets";
import { isAppError } from "@/lib/errors";
import { grantOf } from "@/lib/permissions";
import { listTeams } from "@/lib/teams/queries";

export const metadata: Metadata = { title: "Alerts" };

/** URL parameter → the list query's field. The address holds the filters, so a link shows the same list. */
const PARAMS = { kind: "kind", status: "status", severity: "severity", budget: "budgetId", team: "teamId", from: "from", to: "to" } as const;
type Param = keyof typeof PARAMS;
const LIMIT = 200;

/** Each filter checked on its own: a broken one (a hand-edited link) is dropped and named, the others still apply. */
function filtersOf(search: Record<string, string | string[] | undefined>) {
  const query: Record<string, string> = {};
  const values: Partial<Record<Param, string>> = {};
  const ignored: Param[] = [];
  for (const [param, field] of Object.entries(PARAMS) as [Param, keyof AlertListQuery][]) {
    const raw = search[param];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!value) continue;
    if (AlertListQuerySchema.shape[field].safeParse(value).success) {
      query[field] = value;
      values[param] = value;
    } else ignored.push(param);
  }
  return { query: query as AlertListQuery, values, ignored };
}

const control = "mt-1 block rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300";

function Filter({ label, name, value, options }: { label: string; name: Param; value?: string; options: { value: string; label: string }[] }) {
  return (
    <label className="text-sm font-medium text-slate-700">
      {label}
      <select name={name} defaultValue={value ?? ""} className={control}>
        <option value="">All</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export default async function AlertsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "alerts:read", `/${org}/alerts`);
  const { query, values, ignored } = filtersOf(await searchParams);
  const [alerts, budgets, teams] = await Promise.all([
    listAlerts(actor, { ...query, limit: LIMIT }),
    mayAtAll(actor, "budgets:read")
      ? listBudgets(actor).catch((error: unknown) => {
          // The filter still works by address without the names.
          if (isAppError(error) && error.code === "missing_exchange_rate") return [];
          throw error;
        })
      : [],
    listTeams(actor),
  ]);
  const managed = grantOf(actor.role, "alerts:read") === "managed";
  const teamChoices = teams.filter((team) => !managed || actor.managedTeamIds.has(team.id));
  const filtered = Object.keys(values).length > 0;
  return (
    <div className="max-w-7xl space-y-6">
      <PageHeader
        title="Alerts"
        description={`Budgets crossing a threshold or forecast to exceed, spend anomalies, unpriced usage, failed imports and syncs: newest first, with where each was sent.${managed ? " You see your teams' alerts." : ""}`}
      />
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter alerts">
        <Filter label="Kind" name="kind" value={values.kind} options={ALERT_KINDS.map((kind) => ({ value: kind, label: ALERT_KIND_LABELS[kind] }))} />
        <Filter label="State" name="status" value={values.status} options={ALERT_STATUSES.map((status) => ({ value: status, label: capitalized(status) }))} />
        <Filter label="Severity" name="severity" value={values.severity} options={ALERT_SEVERITIES.map((severity) => ({ value: severity, label: capitalized(severity) }))} />
        <Filter label="Budget" name="budget" value={values.budget} options={budgets.map((budget) => ({ value: budget.id, label: budget.name }))} />
        <Filter label="Team" name="team" value={values.team} options={teamChoices.map((team) => ({ value: team.id, label: team.name }))} />
        {(["from", "to"] as const).map((name) => (
          <label key={name} className="text-sm font-medium text-slate-700">
            {name === "from" ? "From" : "To"}
            <input type="date" name={name} defaultValue={values[name]} className={control} />
          </label>
        ))}
        <button type="submit" className={buttonClass("primary", "sm")}>
          Filter
        </button>
        {filtered ? (
          <Link href={`/${org}/alerts`} className={buttonClass("secondary", "sm")}>
            Clear
          </Link>
        ) : null}
      </form>
      {ignored.length ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          Ignored a filter that is not valid: {ignored.join(", ")}.
        </div>
      ) : null}
      <Card title={`${alerts.length} alert${alerts.length === 1 ? "" : "s"}`} description={`${filtered ? "Matching the filters, newest" : "Newest"} first${alerts.length === LIMIT ? `; the latest ${LIMIT} (narrow the filters for older ones)` : ""}.`}>
        {alerts.length === 0 ? (
          <EmptyState>{filtered ? "No alerts match these filters." : "No alerts yet."}</EmptyState>
        ) : (
          <AlertTable org={org} alerts={alerts} timeZone={actor.org.timeZone} canAcknowledge={mayAtAll(actor, "alerts:write")} liveBudgetIds={new Set(budgets.map((budget) => budget.id))} />
        )}
      </Card>
    </div>
  );
}
