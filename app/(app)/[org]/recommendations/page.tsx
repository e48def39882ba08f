import type { Metadata } from "next";
import Link from "next/link";
import { RecommendationControls, RefreshButton } from "@/components/recommendations/recommendation-controls";
import { Sparkline } from "@/components/recommendations/sparkline";
import { buttonClass } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { addDecimals, formatMoney } from "@/lib/money";
import { grantOf } from "@/lib/permissions";
import { listRecommendations } from "@/lib/recommendations/recommendations";
import { RECOMMENDATION_KIND_LABELS, type RecommendationView } from "@/lib/recommendations/schemas";
import { listTeams } from "@/lib/teams/queries";

export const metadata: Metadata = { title: "Recommendations" };

const FIGURE_LABELS: Record<string, string> = {
  requests: "Requests (30 days)",
  inputPerRequest: "Input tokens per request",
  outputPerRequest: "Output tokens per request",
  currentCost: "Cost now (list price)",
  targetCost: "Cost on the target (list price)",
  cacheReadSharePercent: "Read from cache (%)",
  targetSharePercent: "Cacheable, assumed (%)",
  tokensToCache: "Tokens that would be cache reads",
  discountPercent: "Batch discount (%)",
  inputPerRequestBefore: "Input per request, days 1–15",
  inputPerRequestNow: "Input per request, days 16–30",
  inputGrowthPercent: "Input growth (%)",
  outputGrowthPercent: "Output growth (%)",
  requestsPerMonth: "Requests per 30 days",
  records: "Unpriced records",
  tokens: "Unpriced tokens",
  spend: "Unattributed spend",
};

function scopeOf(entry: RecommendationView): string {
  return [entry.teamName, entry.workflowName, entry.model ? `${entry.provider} / ${entry.model}` : null].filter(Boolean).join(" · ") || "Organization";
}

function Entry({ org, entry, canDecide }: { org: string; entry: RecommendationView; canDecide: boolean }) {
  const money = (value: string) => formatMoney(value, entry.currency);
  const explorer = entry.workflowId ? `/${org}/explorer?range=30d&groupBy=model&filter=workflow%3A${encodeURIComponent(entry.workflowId)}` : null;
  return (
    <li className="space-y-3 py-4" data-testid={`recommendation-${entry.kind}-${entry.workflowName ?? entry.model ?? "org"}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{RECOMMENDATION_KIND_LABELS[entry.kind]}</p>
          <h3 className="text-base font-semibold text-slate-900">{entry.title}</h3>
          <p className="text-sm text-slate-600">{scopeOf(entry)}</p>
        </div>
        <div className="text-right">
          <p className="text-lg font-semibold tabular-nums text-emerald-700" data-testid="estimated-saving">
            {entry.monthlySaving === "0.00" ? "No direct saving" : `${money(entry.monthlySaving)} / month`}
          </p>
          <Badge tone={entry.confidence === "high" ? "emerald" : entry.confidence === "medium" ? "amber" : "slate"}>{entry.confidence} confidence</Badge>
        </div>
      </div>
      <p className="text-sm text-slate-700">{entry.action}</p>
      <div className="flex flex-wrap items-end gap-6">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
          {Object.entries(entry.evidence.figures).map(([key, value]) => (
            <div key={key}>
              <dt className="text-slate-500">{FIGURE_LABELS[key] ?? key}</dt>
              <dd className="tabular-nums text-slate-900">{key.endsWith("Cost") || key === "spend" ? money(value) : value}</dd>
            </div>
          ))}
        </dl>
        <Sparkline series={entry.evidence.series} label={entry.evidence.seriesLabel} />
      </div>
      {entry.status === "accepted" ? (
        <p className="text-sm text-slate-700" data-testid="realized">
          Accepted {entry.acceptedAt?.slice(0, 10)}. Estimated {money(entry.monthlySaving)} / month;{" "}
          {entry.realized
            ? `realized ${money(entry.realized.monthlySaving)} / month over ${entry.realized.days} day${entry.realized.days === 1 ? "" : "s"} (cost per request ${entry.realized.costPerRequestBefore} → ${entry.realized.costPerRequestAfter}, ${entry.realized.requestsPerMonth} requests per 30 days).`
            : "realized: measured from the first full day after acceptance."}
        </p>
      ) : null}
      {entry.status === "dismissed" ? <p className="text-sm text-slate-600">Dismissed: {entry.dismissReason}</p> : null}
      {entry.status === "snoozed" ? <p className="text-sm text-slate-600">Snoozed until {entry.snoozedUntil?.slice(0, 10)}.</p> : null}
      <div className="flex flex-wrap items-center gap-3">
        {entry.status === "open" && canDecide ? <RecommendationControls org={org} id={entry.id} title={entry.title} /> : null}
        {explorer ? (
          <Link href={explorer} className="text-sm font-medium text-indigo-700 hover:underline">
            View in explorer
          </Link>
        ) : null}
      </div>
    </li>
  );
}

export default async function RecommendationsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ team?: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "recommendations:read", `/${org}/recommendations`);
  const { team } = await searchParams;
  const [entries, teams] = await Promise.all([listRecommendations(actor, team ? { team } : {}), listTeams(actor)]);
  const managed = grantOf(actor.role, "recommendations:read") === "managed";
  const teamChoices = teams.filter((choice) => !managed || actor.managedTeamIds.has(choice.id));
  const canDecide = mayAtAll(actor, "recommendations:write");
  const canRefresh = grantOf(actor.role, "recommendations:write") === "all";
  const sections: { title: string; status: RecommendationView["status"]; empty: string }[] = [
    { title: "Open", status: "open", empty: "Nothing to change right now: the last 30 days show no pattern a rule looks for." },
    { title: "Accepted", status: "accepted", empty: "None accepted yet." },
    { title: "Snoozed", status: "snoozed", empty: "None snoozed." },
    { title: "Dismissed", status: "dismissed", empty: "None dismissed." },
  ];
  const open = entries.filter((entry) => entry.status === "open");
  const total = addDecimals(open.map((entry) => entry.monthlySaving));
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Recommendations"
        description={`Changes that cut spend, each from the last 30 days of the ledger and priced from the catalog, largest saving first. Computed nightly.${managed ? " You see your teams'." : ""} How each is found: docs/recommendations.md.`}
        actions={canRefresh ? <RefreshButton org={org} /> : undefined}
      />
      <form method="get" className="flex items-end gap-3" aria-label="Filter recommendations">
        <label className="text-sm font-medium text-slate-700">
          Team
          <select name="team" defaultValue={team ?? ""} className="mt-1 block rounded-md border-0 bg-white px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300">
            <option value="">All teams</option>
            {teamChoices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={buttonClass("primary", "sm")}>
          Filter
        </button>
      </form>
      {open.length ? (
        <p className="text-sm text-slate-700" data-testid="open-total">
          {open.length} open, about {formatMoney(total, actor.org.currency)} a month in all.
        </p>
      ) : null}
      {sections.map((section) => {
        const list = entries.filter((entry) => entry.status === section.status);
        if (section.status !== "open" && list.length === 0) return null;
        return (
          <Card key={section.status} title={`${section.title} (${list.length})`}>
            {list.length === 0 ? (
              <EmptyState>{section.empty}</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-200" aria-label={`${section.title} recommendations`}>
                {list.map((entry) => (
                  <Entry key={entry.id} org={org} entry={entry} canDecide={canDecide} />
                ))}
              </ul>
            )}
          </Card>
        );
      })}
    </div>
  );
}
