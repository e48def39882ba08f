import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { DeleteButton } from "@/components/settings/delete-button";
import { WorkflowForm } from "@/components/settings/workflow-form";
import { Card, PageHeader } from "@/components/ui/card";
import { deleteWorkflowAction } from "@/app/(app)/[org]/settings/workflows/actions";
import { can } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { notFoundOnAppError } from "@/lib/not-found";
import { listTeams } from "@/lib/teams/queries";
import { teamOptions } from "@/lib/teams/team-tree";
import { getWorkflow } from "@/lib/workflows/queries";

export const metadata: Metadata = { title: "Edit workflow" };

export default async function WorkflowPage({ params }: { params: Promise<{ org: string; workflowId: string }> }) {
  const { org, workflowId } = await params;
  const actor = await pageActorWith(org, "workflows:write", `/${org}/settings/workflows/${workflowId}`);
  const workflow = await notFoundOnAppError(getWorkflow(actor, workflowId));
  if (!can(actor, "workflows:write", [workflow.teamId])) forbidden();
  const teams = await listTeams(actor);
  const ownTeams = teamOptions(teams, (team) => can(actor, "workflows:write", [team.id]));
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={workflow.name} description={<Link href={`/${org}/settings/workflows`} className="hover:underline">← All workflows</Link>} />
      <Card title="Details">
        <WorkflowForm org={org} workflow={workflow} teamOptions={ownTeams} allowNoTeam={can(actor, "workflows:write", [null])} />
      </Card>
      <Card title="Delete workflow">
        <DeleteButton label="Delete workflow" confirm={`Delete the workflow "${workflow.name}"?`} action={deleteWorkflowAction.bind(null, org, workflow.id)} />
      </Card>
    </div>
  );
}
