import { hashPassword } from "@/lib/auth/password";
import { type NewOrganization, NewOrganizationSchema } from "@/lib/orgs/schemas";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, parseInput } from "@/lib/errors";

/**
 * Creates an organization with `admin` as its first ADMIN, creating that user when needed. Unsafe (no actor):
 * its callers are self-service sign-up, the onboarding page for a signed-in user, the CLI and the demo seed,
 * each of which decides who may call it.
 */
export async function unsafeCreateOrganization(
  input: NewOrganization,
  admin: { userId: string } | { email: string; name: string | null; password: string },
) {
  const org = parseInput(NewOrganizationSchema, input);
  const passwordHash = "password" in admin ? await hashPassword(admin.password) : null;
  try {
    return await db.$transaction(async (tx) => {
      let userId: string;
      if ("userId" in admin) {
        userId = admin.userId;
      } else {
        const existing = await tx.user.findUnique({ where: { email: admin.email } });
        if (existing) {
          throw new AppError("conflict", "An account with this email already exists. Sign in instead.", {
            fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
          });
        }
        userId = (await tx.user.create({ data: { email: admin.email, name: admin.name, passwordHash } })).id;
      }
      const organization = await tx.organization.create({ data: org });
      await tx.membership.create({ data: { orgId: organization.id, userId, role: "ADMIN" } });
      const who = { orgId: organization.id, actorUserId: userId, actorTokenId: null };
      await recordAudit(tx, who, {
        action: "organization.create",
        entityType: "organization",
        entityId: organization.id,
        after: organization,
      });
      return { organization, userId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `The address /${org.slug} is taken; pick another.`, {
        fieldErrors: { slug: ["This address is taken; pick another."], organizationSlug: ["This address is taken; pick another."] },
      });
    }
    throw error;
  }
}
