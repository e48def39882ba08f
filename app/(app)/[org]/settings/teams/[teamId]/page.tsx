import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { DeleteButton } from "@/components/settings/delete-button";
import { TeamForm } from "@/components/settings/team-form";
import { Card, PageHeader } from "@/components/ui/card";
import { deleteTeamAction } from "@/app/(app)/[org]/settings/teams/actions";
import { can, mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listMembers } from "@/lib/members/queries";
import { getTeam, listTeams } from "@/lib/teams/queries";
import { teamOptions } from "@/lib/teams/team-tree";
import { notFoundOnAppError } from "@/lib/not-found";

export const metadata: Metadata = { title: "Edit team" };

export default async function TeamPage({ params }: { params: Promise<{ org: string; teamId: string }> }) {
  const { org, teamId } = await params;
  const actor = await pageActorWith(org, "teams:update", `/${org}/settings/teams/${teamId}`);
  const team = await notFoundOnAppError(getTeam(actor, teamId));
  if (!can(actor, "teams:update", [team.id])) forbidden();
  const [teams, members] = await Promise.all([listTeams(actor), listMembers(actor)]);
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader
        title={team.name}
        description={<Link href={`/${org}/settings/teams`} className="hover:underline">← All teams</Link>}
      />
      <Card title="Details">
        <TeamForm
          org={org}
          team={team}
          parentOptions={teamOptions(teams)}
          members={members}
          canStructure={mayAtAll(actor, "teams:structure")}
        />
      </Card>
      {can(actor, "teams:delete", [team.id]) ? (
        <Card title="Delete team" description="Sub-teams move up to this team's parent; workflows keep running without an owning team.">
          <DeleteButton
            label="Delete team"
            confirm={`Delete the team "${team.name}"?`}
            action={deleteTeamAction.bind(null, org, team.id)}
          />
        </Card>
      ) : null}
    </div>
  );
}
