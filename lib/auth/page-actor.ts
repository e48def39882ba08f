import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { sessionUserId } from "@/lib/auth";
import { actorForUser, type Actor } from "@/lib/auth/actor";
import { mayAtAll } from "@/lib/auth/authorize";
import { isAppError } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";

/**
 * The actor for an /[org] page, once per request (layout and page share it). Not signed in: to the sign-in page.
 * Not a member (or no such organization): 404, the same as for any other tenant's data.
 */
export const pageActor = cache(async (orgSlug: string, path?: string): Promise<Actor> => {
  const userId = await sessionUserId();
  if (!userId) redirect(`/login?callbackUrl=${encodeURIComponent(path ?? `/${orgSlug}`)}`);
  try {
    return await actorForUser(userId, orgSlug);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
});

/** For pages only some roles may open: a 403 page for the rest. The data layer checks again on every call. */
export async function pageActorWith(orgSlug: string, permission: Permission, path?: string): Promise<Actor> {
  const actor = await pageActor(orgSlug, path);
  if (!mayAtAll(actor, permission)) forbidden();
  return actor;
}
