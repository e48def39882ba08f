import { Readable } from "node:stream";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { applyRules, createRule, deleteRule, listRules, previewRule, updateRule, type Schedule } from "@/lib/attribution/rules";
import { db } from "@/lib/db";
import { pool } from "@/lib/pg";
import { createUpload } from "@/lib/uploads/mutations";
import { processUpload } from "@/lib/uploads/process-upload";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople, errorCode } from "@/test/factories";
import { assertRollupsMatchFacts } from "@/test/ledger";

type Actor = Parameters<typeof createUpload>[0];
const HEADER = "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens";
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

function row(offset: number, project: string, apiKey: string, input: number) {
  const start = Date.parse(`${day(offset)}T00:00:00Z`) / 1000;
  return [start, start + 86_400, "", "", project, 1, "", apiKey, "gpt-4o", "FALSE", "default", input, 0, 0].join(",");
}

async function upload(actor: Actor, csv: string) {
  let id = "";
  await createUpload(actor, { body: Readable.from([Buffer.from(csv)]), filename: "usage.csv", options: {} }, (uploadId) => (id = uploadId));
  await processUpload(id);
}

/** Spend per (team, workflow), from the facts. */
async function spendByTarget(orgId: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ team: string | null; workflow: string | null; spend: string }>(
    `SELECT "teamId" AS team, "workflowId" AS workflow, sum(coalesce("billedCost", "estimatedCost"))::text AS spend FROM usage_record WHERE "orgId" = $1 GROUP BY 1, 2`,
    [orgId],
  );
  return Object.fromEntries(rows.map((entry) => [`${entry.team ?? "-"}/${entry.workflow ?? "-"}`, new Decimal(entry.spend).toFixed()]));
}

const foreground = () => {
  const jobs: Promise<void>[] = [];
  const schedule: Schedule = (work) => void jobs.push(work());
  return { schedule, done: () => Promise.all(jobs) };
};

describe("attribution rules", () => {
  it("attribute new usage at ingest; a preview's moves are exactly what re-applying then does", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const workflow = await db.workflow.create({ data: { orgId: org.id, name: "Platform gateway" } });
    // 1M input tokens of gpt-4o = $2.50 each.
    await upload(actors.admin, [HEADER, row(-3, "proj_support", "key_a", 1_000_000), row(-2, "proj_legal", "key_platform_1", 2_000_000), row(-1, "proj_other", "key_b", 400_000)].join("\n"));
    expect(await spendByTarget(org.id)).toEqual({ "-/-": "8.5" });

    await createRule(actors.admin, { name: "Support project", conditions: [{ field: "project", operator: "exact", value: "proj_support" }], teamId: teams.managedTeam.id });
    // New usage is attributed as it arrives.
    await upload(actors.admin, [HEADER, row(0, "proj_support", "key_a", 200_000)].join("\n"));
    expect(await spendByTarget(org.id)).toEqual({ "-/-": "8.5", [`${teams.managedTeam.id}/-`]: "0.5" });

    // A second rule, previewed at the top of the order: the Legal project and the platform key.
    const candidate = {
      name: "Legal on the platform key",
      conditions: [{ field: "apiKey", operator: "prefix", value: "key_platform" }],
      teamId: teams.otherTeam.id,
      workflowId: workflow.id,
      position: 1,
    } as const;
    const preview = await previewRule(actors.finance, { rule: candidate });
    expect(preview.moves).toEqual([
      {
        from: { teamId: null, teamName: null, workflowId: null, workflowName: null },
        to: { teamId: teams.otherTeam.id, teamName: "Legal", workflowId: workflow.id, workflowName: "Platform gateway" },
        currency: "USD",
        spend: "5",
        records: 1,
      },
      // The first rule was never applied to history: re-applying moves its older records too.
      {
        from: { teamId: null, teamName: null, workflowId: null, workflowName: null },
        to: { teamId: teams.managedTeam.id, teamName: "Support", workflowId: null, workflowName: null },
        currency: "USD",
        spend: "2.5",
        records: 1,
      },
    ]);
    expect(preview).toMatchObject({ attributed: { USD: "8" }, unattributed: { USD: "1" } });
    expect(await errorCode(createRule(actors.finance, candidate))).toBe("forbidden");
    const saved = await createRule(actors.admin, candidate);
    expect((await listRules(actors.admin)).map((rule) => [rule.position, rule.name])).toEqual([
      [1, "Legal on the platform key"],
      [2, "Support project"],
    ]);

    const before = await spendByTarget(org.id);
    const jobs = foreground();
    const run = await applyRules(actors.admin, { from: day(-30), to: day(0) }, jobs.schedule);
    await jobs.done();
    const after = await spendByTarget(org.id);
    // The ledger moved exactly as previewed.
    expect(after).toEqual({ "-/-": "1", [`${teams.managedTeam.id}/-`]: "3", [`${teams.otherTeam.id}/${workflow.id}`]: "5" });
    expect(new Decimal(before["-/-"]!).minus(after["-/-"]!).toFixed()).toBe(preview.moves.reduce((sum, move) => sum.plus(move.spend), new Decimal(0)).toFixed());
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "completed", records: 2 });
    expect(await db.auditLog.count({ where: { orgId: org.id, action: "attribution.apply" } })).toBe(1);
    await assertRollupsMatchFacts(org.id);

    // Disabling a rule and re-applying moves its records back to unattributed.
    await updateRule(actors.admin, saved.id, { enabled: false });
    const again = foreground();
    await applyRules(actors.admin, { from: day(-30), to: day(0) }, again.schedule);
    await again.done();
    expect(await spendByTarget(org.id)).toEqual({ "-/-": "6", [`${teams.managedTeam.id}/-`]: "3" });
    await assertRollupsMatchFacts(org.id);
  });

  it("leaves usage whose source named its team alone, and keeps rules to their organization", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    await pushUsageEvents(actors.admin, [
      { eventId: "named", timestamp: `${day(-1)}T10:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 1_000_000, team: "Legal", tags: { app: "search" } },
      { eventId: "anonymous", timestamp: `${day(-1)}T11:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 1_000_000, tags: { app: "search" } },
    ]);
    const rule = await createRule(actors.admin, { name: "Search app", conditions: [{ field: "tag", tagKey: "app", operator: "exact", value: "search" }], teamId: teams.managedTeam.id });
    const jobs = foreground();
    await applyRules(actors.admin, { from: day(-7), to: day(0) }, jobs.schedule);
    await jobs.done();
    expect(await spendByTarget(org.id)).toEqual({ [`${teams.otherTeam.id}/-`]: "2.5", [`${teams.managedTeam.id}/-`]: "2.5" });

    const other = await createOrgWithPeople();
    expect(await listRules(other.actors.admin)).toEqual([]);
    expect(await errorCode(updateRule(other.actors.admin, rule.id, { enabled: false }))).toBe("not_found");
    expect(await errorCode(deleteRule(other.actors.admin, rule.id))).toBe("not_found");
    // A team of another organization cannot be a target.
    expect(await errorCode(createRule(other.actors.admin, { name: "x", conditions: [{ field: "provider", operator: "exact", value: "openai" }], teamId: teams.managedTeam.id }))).toBe("validation_failed");
    expect(await errorCode(createRule(actors.admin, { name: "bad", conditions: [{ field: "project", operator: "regex", value: "([" }], teamId: teams.managedTeam.id }))).toBe("validation_failed");
  });

  it("gives a workflow's spend to its owning team where neither the source nor a rule names a team", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const owned = await db.workflow.create({ data: { orgId: org.id, name: "Launch emails", teamId: teams.subTeam.id } });
    const unowned = await db.workflow.create({ data: { orgId: org.id, name: "Sales drafts" } });
    // Pushed usage naming the workflow only; and naming the workflow and another team (the source wins).
    const pushed = await pushUsageEvents(actors.admin, [
      { eventId: "a", timestamp: `${day(-1)}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 1_000_000, outputTokens: 0, workflow: "Launch emails" },
      { eventId: "b", timestamp: `${day(-1)}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 2_000_000, outputTokens: 0, workflow: "Launch emails", team: "Legal" },
      { eventId: "c", timestamp: `${day(-1)}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 400_000, outputTokens: 0, workflow: "Sales drafts" },
    ]);
    expect(pushed.errors ?? []).toEqual([]);
    expect(await spendByTarget(org.id)).toEqual({ [`${teams.subTeam.id}/${owned.id}`]: "2.5", [`${teams.otherTeam.id}/${owned.id}`]: "5", [`-/${unowned.id}`]: "1" });

    // A rule naming only the workflow: at ingest, in its preview and when re-applied, the team is the owner's.
    await upload(actors.admin, [HEADER, row(-2, "proj_launch", "key_l", 400_000)].join("\n"));
    const rule = { name: "Launch project", conditions: [{ field: "project", operator: "exact", value: "proj_launch" }], workflowId: owned.id } as const;
    const preview = await previewRule(actors.admin, { rule });
    expect(preview.moves.map((move) => [move.from.teamId, move.to.teamId, move.to.workflowId, move.spend])).toEqual([[null, teams.subTeam.id, owned.id, "1"]]);
    await createRule(actors.admin, rule);
    const { schedule, done } = foreground();
    await applyRules(actors.admin, { from: day(-3), to: day(0) }, schedule);
    await done();
    await upload(actors.admin, [HEADER, row(0, "proj_launch", "key_l", 400_000)].join("\n"));
    const spend = await spendByTarget(org.id);
    expect(spend[`${teams.subTeam.id}/${owned.id}`]).toBe("4.5");
    expect(spend["-/-"]).toBeUndefined();
    await assertRollupsMatchFacts(org.id);
  });
});
