import type { Metadata } from "next";
import Link from "next/link";
import { TeamForm } from "@/components/settings/team-form";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { can, mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listMembers } from "@/lib/members/queries";
import { listTeams } from "@/lib/teams/queries";
import { teamOptions, teamTree } from "@/lib/teams/team-tree";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "teams:update", `/${org}/settings/teams`);
  const [teams, members] = await Promise.all([listTeams(actor), listMembers(actor)]);
  const tree = teamTree(teams);
  const nameOf = new Map(teams.map((team) => [team.id, team.name]));
  const canCreate = mayAtAll(actor, "teams:create");
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Teams"
        description="Spend is attributed to teams. Nest teams under a parent; managers look after a team and everything below it."
      />
      {canCreate ? (
        <Card title="New team">
          <TeamForm
            org={org}
            parentOptions={teamOptions(teams)}
            members={members}
            canStructure={mayAtAll(actor, "teams:structure")}
          />
        </Card>
      ) : null}
      <Card title={`Teams (${teams.length})`}>
        {teams.length === 0 ? (
          <EmptyState>No teams yet.</EmptyState>
        ) : (
          <Table caption="Teams">
            <thead>
              <tr>
                <Th>Team</Th>
                <Th>Cost center</Th>
                <Th>Managers</Th>
                <Th className="text-right">Workflows</Th>
                <Th><span className="sr-only">Actions</span></Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tree.map((team) => (
                <tr key={team.id} data-testid={`team-${team.name}`}>
                  <Td>
                    <div style={{ paddingLeft: `${team.depth * 1.25}rem` }}>
                      <span className="font-medium text-slate-900">{team.name}</span>
                      {team.parentId ? <span className="sr-only"> (under {nameOf.get(team.parentId)})</span> : null}
                      {actor.managedTeamIds.has(team.id) ? <span className="ml-2"><Badge tone="indigo">you manage</Badge></span> : null}
                    </div>
                  </Td>
                  <Td className="text-xs">{team.costCenter ?? "—"}</Td>
                  <Td className="text-xs">{team.managers.map((manager) => manager.name ?? manager.email).join(", ") || "—"}</Td>
                  <Td className="text-right tabular-nums">{team.workflowCount}</Td>
                  <Td className="text-right">
                    {can(actor, "teams:update", [team.id]) ? (
                      <Link href={`/${org}/settings/teams/${team.id}`} className="text-sm font-medium text-indigo-700 hover:underline">
                        Edit<span className="sr-only"> {team.name}</span>
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
