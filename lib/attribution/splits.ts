import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { SplitInputSchema, type SplitView } from "@/lib/attribution/schemas";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, parseInput } from "@/lib/errors";

// Shared spend (a platform team's, or what no rule attributes) split across teams for chargeback. The ledger keeps
// the spend where it is attributed; the chargeback report applies the splits.

type StoredTarget = { teamId: string; percent: string | null };

export async function listSplits(actor: Actor): Promise<SplitView[]> {
  authorize(actor, "attribution:read");
  return splitsOf(actor.org.id);
}

/** Every split of the organization with team names (the chargeback report reads them for any reader). */
export async function splitsOf(orgId: string): Promise<SplitView[]> {
  const [splits, teams] = await Promise.all([
    db.spendSplit.findMany({ where: { orgId }, orderBy: { name: "asc" } }),
    db.team.findMany({ where: { orgId }, select: { id: true, name: true } }),
  ]);
  const names = new Map(teams.map((team) => [team.id, team.name]));
  return splits.map((split) => ({
    id: split.id,
    name: split.name,
    sourceTeamId: split.sourceTeamId,
    sourceTeamName: split.sourceTeamId ? names.get(split.sourceTeamId) ?? "(deleted team)" : "Unattributed",
    method: split.method as SplitView["method"],
    targets: (split.targets as StoredTarget[]).filter((target) => names.has(target.teamId)).map((target) => ({ teamId: target.teamId, teamName: names.get(target.teamId)!, percent: target.percent })),
  }));
}

export async function createSplit(actor: Actor, input: unknown): Promise<SplitView> {
  authorize(actor, "attribution:write");
  const data = parseInput(SplitInputSchema, input);
  const ids = [...data.targets.map((target) => target.teamId), ...(data.sourceTeamId ? [data.sourceTeamId] : [])];
  const found = await db.team.count({ where: { orgId: actor.org.id, id: { in: ids } } });
  if (found !== new Set(ids).size) throw new AppError("validation_failed", "Pick teams of this organization.", { fieldErrors: { targets: ["Pick teams of this organization."] } });
  // One split per source: two would share the same spend twice.
  const other = await db.spendSplit.findFirst({ where: { orgId: actor.org.id, sourceTeamId: data.sourceTeamId || null } });
  if (other) throw new AppError("conflict", `The split "${other.name}" shares this spend already; delete it first.`, { fieldErrors: { sourceTeamId: [`Shared already by "${other.name}".`] } });
  try {
    const split = await db.$transaction(async (tx) => {
      const created = await tx.spendSplit.create({
        data: {
          orgId: actor.org.id,
          name: data.name,
          sourceTeamId: data.sourceTeamId || null,
          method: data.method,
          targets: data.targets.map((target) => ({ teamId: target.teamId, percent: data.method === "fixed" ? target.percent ?? null : null })),
          createdById: actor.userId,
        },
      });
      await recordAudit(tx, auditWho(actor), { action: "spend_split.create", entityType: "spend_split", entityId: created.id, after: data });
      return created;
    });
    return (await splitsOf(actor.org.id)).find((entry) => entry.id === split.id)!;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A split named "${data.name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });
    throw error;
  }
}

export async function deleteSplit(actor: Actor, id: string): Promise<void> {
  authorize(actor, "attribution:write");
  const split = await db.spendSplit.findFirst({ where: { id, orgId: actor.org.id } });
  if (!split) throw AppError.notFound("Split");
  await db.$transaction(async (tx) => {
    await tx.spendSplit.delete({ where: { id } });
    await recordAudit(tx, auditWho(actor), { action: "spend_split.delete", entityType: "spend_split", entityId: id, before: { name: split.name, method: split.method, targets: split.targets } });
  });
}
