import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { db, type Tx } from "@/lib/db";
import { AppError, isUniqueViolation, parseInput } from "@/lib/errors";
import { descendantTeamIds } from "@/lib/teams/descendant-team-ids";
import { teamInclude, toTeamView } from "@/lib/teams/queries";
import { TeamInputSchema, TeamPatchSchema, type TeamView } from "@/lib/teams/schemas";

function nameTaken(name: string) {
  return new AppError("conflict", `A team named "${name}" already exists.`, {
    fieldErrors: { name: ["A team with this name already exists."] },
  });
}

async function assertParentAllowed(tx: Tx, orgId: string, teamId: string | null, parentId: string | null) {
  if (parentId === null) return;
  const teams = await tx.team.findMany({ where: { orgId }, select: { id: true, parentId: true } });
  if (!teams.some((team) => team.id === parentId)) {
    throw new AppError("validation_failed", "The parent team does not exist.", { fieldErrors: { parentId: ["Pick an existing team."] } });
  }
  if (teamId !== null && descendantTeamIds([teamId], teams).has(parentId)) {
    throw new AppError("validation_failed", "A team cannot sit below itself or one of its sub-teams.", {
      fieldErrors: { parentId: ["A team cannot sit below itself or one of its sub-teams."] },
    });
  }
}

async function assertMembers(tx: Tx, orgId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return;
  const found = await tx.membership.count({ where: { orgId, userId: { in: [...new Set(userIds)] } } });
  if (found !== new Set(userIds).size) {
    throw new AppError("validation_failed", "Managers must be members of the organization.", {
      fieldErrors: { managerIds: ["Pick managers among the organization's members."] },
    });
  }
}

async function replaceManagers(tx: Tx, orgId: string, teamId: string, userIds: readonly string[]) {
  await tx.teamManager.deleteMany({ where: { teamId } });
  const unique = [...new Set(userIds)];
  if (unique.length > 0) await tx.teamManager.createMany({ data: unique.map((userId) => ({ orgId, teamId, userId })) });
}

export async function createTeam(actor: Actor, input: unknown): Promise<TeamView> {
  authorize(actor, "teams:create");
  const data = parseInput(TeamInputSchema, input);
  if (data.parentId !== null || data.managerIds.length > 0) authorize(actor, "teams:structure");
  const orgId = actor.org.id;
  try {
    return await db.$transaction(async (tx) => {
      await assertParentAllowed(tx, orgId, null, data.parentId);
      await assertMembers(tx, orgId, data.managerIds);
      const { managerIds, ...fields } = data;
      const team = await tx.team.create({ data: { ...fields, orgId } });
      await replaceManagers(tx, orgId, team.id, managerIds);
      const view = toTeamView(await tx.team.findUniqueOrThrow({ where: { id: team.id }, include: teamInclude }));
      await recordAudit(tx, auditWho(actor), { action: "team.create", entityType: "team", entityId: team.id, after: view });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(data.name);
    throw error;
  }
}

export async function updateTeam(actor: Actor, id: string, input: unknown): Promise<TeamView> {
  const patch = parseInput(TeamPatchSchema, input);
  const orgId = actor.org.id;
  const existing = await db.team.findFirst({ where: { id, orgId }, select: { id: true } });
  if (!existing) {
    authorize(actor, "teams:read");
    throw AppError.notFound("Team");
  }
  authorize(actor, "teams:update", [id]);
  if (patch.parentId !== undefined || patch.managerIds !== undefined) authorize(actor, "teams:structure");
  try {
    return await db.$transaction(async (tx) => {
      const before = toTeamView(await tx.team.findUniqueOrThrow({ where: { id }, include: teamInclude }));
      if (patch.parentId !== undefined) await assertParentAllowed(tx, orgId, id, patch.parentId);
      const { managerIds, ...fields } = patch;
      if (managerIds !== undefined) {
        await assertMembers(tx, orgId, managerIds);
        await replaceManagers(tx, orgId, id, managerIds);
      }
      await tx.team.update({ where: { id }, data: fields });
      const after = toTeamView(await tx.team.findUniqueOrThrow({ where: { id }, include: teamInclude }));
      await recordAudit(tx, auditWho(actor), { action: "team.update", entityType: "team", entityId: id, before, after });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(patch.name ?? "");
    throw error;
  }
}

/** Deletes a team. Its sub-teams move up to its parent; its workflows keep running without an owning team. */
export async function deleteTeam(actor: Actor, id: string): Promise<void> {
  const orgId = actor.org.id;
  const existing = await db.team.findFirst({ where: { id, orgId }, select: { id: true } });
  if (!existing) {
    authorize(actor, "teams:read");
    throw AppError.notFound("Team");
  }
  authorize(actor, "teams:delete", [id]);
  await db.$transaction(async (tx) => {
    const before = toTeamView(await tx.team.findUniqueOrThrow({ where: { id }, include: teamInclude }));
    await tx.team.updateMany({ where: { orgId, parentId: id }, data: { parentId: before.parentId } });
    await tx.team.delete({ where: { id } });
    await recordAudit(tx, auditWho(actor), { action: "team.delete", entityType: "team", entityId: id, before });
  });
}
