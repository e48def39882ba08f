// GET /api/v1/me: the caller, its organization, role and effective permissions.
import { apiRoute, json } from "@/lib/api/handler";
import { mayAtAll } from "@/lib/auth/authorize";
import { PERMISSIONS } from "@/lib/permissions";

export const GET = apiRoute(async ({ actor }) =>
  json({
    user: { id: actor.userId, email: actor.email, name: actor.name },
    organization: actor.org,
    role: actor.role,
    permissions: PERMISSIONS.filter((permission) => mayAtAll(actor, permission)),
    token: actor.tokenId ? { id: actor.tokenId } : null,
  }),
);
