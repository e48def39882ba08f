import { AppError } from "@/lib/errors";
import { grantOf, type Permission } from "@/lib/permissions";
import type { Actor } from "@/lib/auth/actor";

/**
 * Throws forbidden unless the actor may do `permission`. For a grant limited to managed teams, `teamIds` names
 * every team the action touches (null = no team); each must be one the actor manages.
 */
export function authorize(actor: Actor, permission: Permission, teamIds?: readonly (string | null)[]): void {
  const grant = grantOf(actor.role, permission);
  if (!grant) {
    throw new AppError("forbidden", `Your role (${actor.role.toLowerCase()}) may not do this (${permission}).`);
  }
  if (actor.tokenPermissions && !actor.tokenPermissions.has(permission)) {
    throw new AppError("forbidden", `This API token has no scope that allows ${permission}.`);
  }
  if (grant === "managed") {
    const outside = (teamIds ?? [null]).some((teamId) => teamId === null || !actor.managedTeamIds.has(teamId));
    if (outside) throw new AppError("forbidden", "You can only change teams you manage and their workflows.");
  }
}

/**
 * Whether the actor holds the permission anywhere (for managers, on at least the teams they manage): what the UI
 * uses to decide which pages and buttons to show. Never a substitute for authorize() in the data layer.
 */
export function mayAtAll(actor: Actor, permission: Permission): boolean {
  const grant = grantOf(actor.role, permission);
  if (!grant) return false;
  if (actor.tokenPermissions && !actor.tokenPermissions.has(permission)) return false;
  return grant === "all" || actor.managedTeamIds.size > 0;
}

/** The same check as authorize(), without throwing. */
export function can(actor: Actor, permission: Permission, teamIds?: readonly (string | null)[]): boolean {
  try {
    authorize(actor, permission, teamIds);
    return true;
  } catch {
    return false;
  }
}
