import { BudgetForm } from "@/components/budgets/budget-form";
import type { Actor } from "@/lib/auth/actor";
import { mayAtAll } from "@/lib/auth/authorize";
import type { BudgetView } from "@/lib/budgets/schemas";
import { listMembers } from "@/lib/members/queries";
import { listChannels } from "@/lib/notifications/channels";
import { CHANNEL_KIND_LABELS, type ChannelKind } from "@/lib/notifications/schemas";
import { grantOf } from "@/lib/permissions";
import { listTeams } from "@/lib/teams/queries";
import { listWorkflows } from "@/lib/workflows/queries";

/**
 * The budget form with its choices. A manager is offered only the teams they manage and those teams' workflows
 * (the data layer refuses any other); finance and admins every team, and the whole organization.
 */
export async function BudgetFormLoader({ actor, budget }: { actor: Actor; budget?: BudgetView }) {
  const managed = grantOf(actor.role, "budgets:write") === "managed";
  const [teams, workflows, members, channels] = await Promise.all([
    listTeams(actor),
    listWorkflows(actor),
    mayAtAll(actor, "members:read") ? listMembers(actor) : [],
    mayAtAll(actor, "channels:read") ? listChannels(actor) : [],
  ]);
  const mayBudget = (teamId: string | null) => !managed || (teamId !== null && actor.managedTeamIds.has(teamId));
  return (
    <BudgetForm
      org={actor.org.slug}
      budget={budget}
      currency={actor.org.currency}
      allowOrganization={!managed}
      teamOptions={teams.filter((team) => mayBudget(team.id)).map((team) => ({ value: team.id, label: team.name }))}
      workflowOptions={workflows.filter((workflow) => mayBudget(workflow.teamId)).map((workflow) => ({ value: workflow.id, label: workflow.name, teamName: workflow.teamName }))}
      memberOptions={members.map((member) => ({ value: member.userId, label: member.name ? `${member.name} (${member.email})` : member.email }))}
      channelOptions={channels.map((channel) => ({ value: channel.id, label: channel.name, detail: CHANNEL_KIND_LABELS[channel.kind as ChannelKind] ?? channel.kind }))}
    />
  );
}
