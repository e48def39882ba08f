import type { Metadata } from "next";
import Link from "next/link";
import { WorkflowForm } from "@/components/settings/workflow-form";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listTeams } from "@/lib/teams/queries";
import { teamOptions } from "@/lib/teams/team-tree";
import { listWorkflows } from "@/lib/workflows/queries";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "workflows:write", `/${org}/settings/workflows`);
  const [workflows, teams] = await Promise.all([listWorkflows(actor), listTeams(actor)]);
  const ownTeams = teamOptions(teams, (team) => can(actor, "workflows:write", [team.id]));
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader title="Workflows" description="The applications and features that spend: support copilot, contract review, …" />
      <Card title="New workflow">
        <WorkflowForm org={org} teamOptions={ownTeams} allowNoTeam={can(actor, "workflows:write", [null])} />
      </Card>
      <Card title={`Workflows (${workflows.length})`}>
        {workflows.length === 0 ? (
          <EmptyState>No workflows yet.</EmptyState>
        ) : (
          <Table caption="Workflows">
            <thead>
              <tr>
                <Th>Workflow</Th>
                <Th>Team</Th>
                <Th>Description</Th>
                <Th><span className="sr-only">Actions</span></Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {workflows.map((workflow) => (
                <tr key={workflow.id} data-testid={`workflow-${workflow.name}`}>
                  <Td className="font-medium text-slate-900">{workflow.name}</Td>
                  <Td>{workflow.teamName ?? "—"}</Td>
                  <Td className="text-xs text-slate-700">{workflow.description ?? ""}</Td>
                  <Td className="text-right">
                    {can(actor, "workflows:write", [workflow.teamId]) ? (
                      <Link href={`/${org}/settings/workflows/${workflow.id}`} className="text-sm font-medium text-indigo-700 hover:underline">
                        Edit<span className="sr-only"> {workflow.name}</span>
                      </Link>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
