import type { Metadata } from "next";
import { ReapplyPanel } from "@/components/attribution/reapply-panel";
import { RulesPanel } from "@/components/attribution/rules-panel";
import { SplitForm } from "@/components/attribution/split-form";
import { SplitList } from "@/components/attribution/split-list";
import { Card, PageHeader } from "@/components/ui/card";
import { listApplyRuns, listRules } from "@/lib/attribution/rules";
import { listSplits } from "@/lib/attribution/splits";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listTeams } from "@/lib/teams/queries";
import { teamOptions } from "@/lib/teams/team-tree";
import { listWorkflows } from "@/lib/workflows/queries";

export const metadata: Metadata = { title: "Attribution" };

const DAY_MS = 86_400_000;

/** The re-apply form starts on the same 30 days (today included) the rule preview looks at. */
function lastThirtyDays(now = new Date()) {
  return { from: new Date(now.getTime() - 29 * DAY_MS).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

export default async function AttributionPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "attribution:read", `/${org}/settings/attribution`);
  const canWrite = mayAtAll(actor, "attribution:write");
  const [rules, runs, splits, teams, workflows] = await Promise.all([listRules(actor), listApplyRuns(actor), listSplits(actor), listTeams(actor), listWorkflows(actor)]);
  const teamChoices = teamOptions(teams);
  const workflowChoices = workflows.map((workflow) => ({ value: workflow.id, label: workflow.teamName ? `${workflow.name} (${workflow.teamName})` : workflow.name }));
  const range = lastThirtyDays();
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Attribution"
        description={
          canWrite
            ? "Which team and workflow usage belongs to when its source does not say: rules on what the provider reports, applied as usage arrives. Re-apply them to move history; split shared spend for chargeback."
            : "Which team and workflow usage belongs to when its source does not say, and how shared spend is split for chargeback. Only admins change them."
        }
      />
      <RulesPanel org={org} rules={rules} teams={teamChoices} workflows={workflowChoices} canWrite={canWrite} />
      <Card title="Re-apply to history" description="New rules and changes apply to usage as it arrives. Re-apply them to a date range to move the usage already recorded; usage whose source named its team keeps it.">
        <ReapplyPanel org={org} runs={runs} canApply={canWrite} defaultFrom={range.from} defaultTo={range.to} timeZone={actor.org.timeZone} />
      </Card>
      <Card title="Shared spend" description="Spend one team carries for others (a platform team), or what no rule attributes, shared across teams in the chargeback report. The ledger keeps it where it is attributed.">
        <div className="space-y-6">
          <SplitList org={org} splits={splits} canWrite={canWrite} />
          {canWrite ? (
            <section aria-labelledby="new-split" className="space-y-3 border-t border-slate-200 pt-4">
              <h3 id="new-split" className="text-sm font-semibold text-slate-900">New split</h3>
              <SplitForm org={org} teams={teamChoices} />
            </section>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
