import { describe, expect, it } from "vitest";
import { DELETE } from "@/app/api/v1/spend-splits/[id]/route";
import { GET, POST } from "@/app/api/v1/spend-splits/route";
import type { SplitView } from "@/lib/attribution/schemas";
import { db } from "@/lib/db";
import { createApiToken } from "@/lib/tokens/mutations";
import { createOrgWithPeople } from "@/test/factories";

// Shared-spend splits through the API handlers, as a client calls them: with a Bearer token of each role.

type Actor = Parameters<typeof createApiToken>[0];
type ErrorBody = { error: { code: string; message: string; details?: { fieldErrors?: Record<string, string[]> } } };

const URL_BASE = "http://localhost/api/v1/spend-splits";

async function bearer(actor: Actor) {
  const { secret } = await createApiToken(actor, { name: "splits test", scopes: ["all"] });
  return { authorization: `Bearer ${secret}` };
}

const list = async (headers: Record<string, string>) => GET(new Request(URL_BASE, { headers }), { params: Promise.resolve({}) });

const create = async (headers: Record<string, string>, body: unknown) =>
  POST(new Request(URL_BASE, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

const remove = async (headers: Record<string, string>, id: string) =>
  DELETE(new Request(`${URL_BASE}/${id}`, { method: "DELETE", headers }), { params: Promise.resolve({ id }) });

describe("the spend-splits API", () => {
  it("lets an admin create, list and delete splits, and records each change in the audit log", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const admin = await bearer(actors.admin);

    const even = await create(admin, { name: "Unattributed, shared", method: "even", targets: [{ teamId: teams.managedTeam.id }, { teamId: teams.otherTeam.id }] });
    expect(even.status).toBe(201);
    const { split } = (await even.json()) as { split: SplitView };
    expect(split).toMatchObject({
      name: "Unattributed, shared",
      sourceTeamId: null,
      sourceTeamName: "Unattributed",
      method: "even",
      targets: [
        { teamId: teams.managedTeam.id, teamName: "Support", percent: null },
        { teamId: teams.otherTeam.id, teamName: "Legal", percent: null },
      ],
    });

    const fixed = await create(admin, {
      name: "Support platform",
      sourceTeamId: teams.managedTeam.id,
      method: "fixed",
      targets: [
        { teamId: teams.subTeam.id, percent: "62.5" },
        { teamId: teams.otherTeam.id, percent: "37.5" },
      ],
    });
    expect(fixed.status).toBe(201);

    const listed = await list(admin);
    expect(listed.status).toBe(200);
    const { splits } = (await listed.json()) as { splits: SplitView[] };
    expect(splits.map((entry) => [entry.name, entry.sourceTeamName, entry.targets.map((target) => `${target.teamName} ${target.percent ?? "-"}`)])).toEqual([
      ["Support platform", "Support", ["Support Tier 1 62.5", "Legal 37.5"]],
      ["Unattributed, shared", "Unattributed", ["Support -", "Legal -"]],
    ]);

    const deleted = await remove(admin, split.id);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: true });
    expect(((await (await list(admin)).json()) as { splits: SplitView[] }).splits.map((entry) => entry.name)).toEqual(["Support platform"]);
    expect((await remove(admin, split.id)).status).toBe(404);
    expect(await db.auditLog.count({ where: { orgId: org.id, action: { in: ["spend_split.create", "spend_split.delete"] } } })).toBe(3);
  });

  it("lets finance read but not create or delete", async () => {
    const { actors, teams } = await createOrgWithPeople();
    const admin = await bearer(actors.admin);
    const finance = await bearer(actors.finance);
    const { split } = (await (await create(admin, { name: "Shared", method: "proportional", targets: [{ teamId: teams.otherTeam.id }] })).json()) as { split: SplitView };

    const listed = await list(finance);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { splits: SplitView[] }).splits.map((entry) => entry.id)).toEqual([split.id]);
    const refused = await create(finance, { name: "Finance's own", method: "even", targets: [{ teamId: teams.otherTeam.id }] });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorBody).error.code).toBe("forbidden");
    expect((await remove(finance, split.id)).status).toBe(403);
    expect(((await (await list(admin)).json()) as { splits: SplitView[] }).splits).toHaveLength(1);
  });

  it("answers 404 to another organization's admin, who does not see the split either", async () => {
    const { actors, teams } = await createOrgWithPeople();
    const { split } = (await (await create(await bearer(actors.admin), { name: "Ours", method: "even", targets: [{ teamId: teams.otherTeam.id }] })).json()) as { split: SplitView };
    const other = await createOrgWithPeople();
    const stranger = await bearer(other.actors.admin);

    const deleted = await remove(stranger, split.id);
    expect(deleted.status).toBe(404);
    expect(((await deleted.json()) as ErrorBody).error.code).toBe("not_found");
    expect(((await (await list(stranger)).json()) as { splits: SplitView[] }).splits).toEqual([]);
    expect(await db.spendSplit.count({ where: { id: split.id } })).toBe(1);
    // Nor can it share its spend with this organization's teams.
    const foreign = await create(stranger, { name: "Theirs", method: "even", targets: [{ teamId: teams.otherTeam.id }] });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as ErrorBody).error.details?.fieldErrors?.targets).toEqual(["Pick teams of this organization."]);
  });

  it("refuses fixed shares that do not add up to 100 with a field error, and a duplicate name with 409", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const admin = await bearer(actors.admin);
    const fixed = (percents: [string, string]) => ({
      name: "Fixed",
      method: "fixed",
      targets: [
        { teamId: teams.managedTeam.id, percent: percents[0] },
        { teamId: teams.otherTeam.id, percent: percents[1] },
      ],
    });

    const short = await create(admin, fixed(["50", "40"]));
    expect(short.status).toBe(400);
    const body = (await short.json()) as ErrorBody;
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details?.fieldErrors).toEqual({ targets: ["The percentages must add up to 100."] });
    // Three thirds rounded to four places are 99.9999, not 100.
    expect((await create(admin, { ...fixed(["33.3333", "33.3333"]), targets: [...fixed(["33.3333", "33.3333"]).targets, { teamId: teams.subTeam.id, percent: "33.3333" }] })).status).toBe(400);
    expect(await db.spendSplit.count({ where: { orgId: org.id } })).toBe(0);

    expect((await create(admin, fixed(["50", "50"]))).status).toBe(201);
    const again = await create(admin, { name: "Fixed", sourceTeamId: teams.managedTeam.id, method: "even", targets: [{ teamId: teams.otherTeam.id }] });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.details?.fieldErrors).toEqual({ name: ["Pick another name."] });
  });
});
