import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { TeamView } from "@/lib/teams/schemas";

const teamInclude = {
  managers: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { createdAt: "asc" } },
  _count: { select: { workflows: true } },
} as const satisfies Prisma.TeamInclude;

type TeamRow = Prisma.TeamGetPayload<{ include: typeof teamInclude }>;

export function toTeamView(team: TeamRow): TeamView {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    costCenter: team.costCenter,
    parentId: team.parentId,
    managers: team.managers.map((manager) => manager.user),
    workflowCount: team._count.workflows,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}

export async function listTeams(actor: Actor): Promise<TeamView[]> {
  authorize(actor, "teams:read");
  const teams = await db.team.findMany({ where: { orgId: actor.org.id }, include: teamInclude, orderBy: { name: "asc" } });
  return teams.map(toTeamView);
}

export async function getTeam(actor: Actor, id: string): Promise<TeamView> {
  authorize(actor, "teams:read");
  const team = await db.team.findFirst({ where: { id, orgId: actor.org.id }, include: teamInclude });
  if (!team) throw AppError.notFound("Team");
  return toTeamView(team);
}

export { teamInclude };
