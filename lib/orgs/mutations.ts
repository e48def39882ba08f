import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { parseInput } from "@/lib/errors";
import { OrganizationUpdateSchema } from "@/lib/orgs/schemas";

export async function updateOrganization(actor: Actor, input: unknown) {
  authorize(actor, "org:update");
  const data = parseInput(OrganizationUpdateSchema, input);
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: actor.org.id } });
    const after = await tx.organization.update({ where: { id: actor.org.id }, data });
    await recordAudit(tx, auditWho(actor), {
      action: "organization.update",
      entityType: "organization",
      entityId: after.id,
      before: { name: before.name, timeZone: before.timeZone, currency: before.currency },
      after: data,
    });
    return after;
  });
}
