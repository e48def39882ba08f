// GET|POST /api/v1/teams: list and create teams.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createTeam } from "@/lib/teams/mutations";
import { listTeams } from "@/lib/teams/queries";

export const GET = apiRoute(async ({ actor }) => json({ teams: await listTeams(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json({ team: await createTeam(actor, await readJson(request)) }, 201));
