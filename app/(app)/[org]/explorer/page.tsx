import type { Metadata } from "next";
import { Explorer } from "@/components/explorer/explorer";
import { PageHeader } from "@/components/ui/card";
import { explore } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import { fromSearchParams, queryOf, type ExplorerView } from "@/lib/analytics/url";
import { pageActorWith } from "@/lib/auth/page-actor";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Explorer" };

export default async function ExplorerPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "spend:read", `/${org}/explorer`);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, item);
  let view: ExplorerView = fromSearchParams(search);
  // Managers land on their own teams.
  if (actor.role === "MANAGER" && !search.has("groupBy")) view = { ...view, groupBy: ["team"] };
  const outcome = await explore(actor, queryOf(view, orgToday(actor.org.timeZone))).then(
    (result) => ({ result, problem: null }),
    (error: unknown) => {
      if (isAppError(error) && (error.code === "validation_failed" || error.code === "missing_exchange_rate")) return { result: null, problem: error.message };
      throw error;
    },
  );
  const { result, problem } = outcome;
  // Names for the filter chips (filters hold ids).
  const [teams, workflows] = await Promise.all([
    view.filters.team?.length ? db.team.findMany({ where: { orgId: actor.org.id, id: { in: view.filters.team } }, select: { id: true, name: true } }) : [],
    view.filters.workflow?.length ? db.workflow.findMany({ where: { orgId: actor.org.id, id: { in: view.filters.workflow } }, select: { id: true, name: true } }) : [],
  ]);
  const labels = {
    team: Object.fromEntries([...teams.map((team) => [team.id, team.name]), ["", "Unattributed"]]),
    workflow: Object.fromEntries([...workflows.map((workflow) => [workflow.id, workflow.name]), ["", "Unattributed"]]),
  };
  return (
    <div className="max-w-7xl">
      <PageHeader title="Explorer" description="Group by any dimension, filter on any, and follow the spend down to the model and the key. The address bar holds the view: share it." />
      {problem || !result ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          {problem ?? "The view could not be shown."}
        </div>
      ) : (
        <Explorer org={org} view={view} result={result} labels={labels} />
      )}
    </div>
  );
}
