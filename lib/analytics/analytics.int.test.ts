import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { explorerCsv } from "@/lib/analytics/csv";
import { explore } from "@/lib/analytics/explore";
import { overview } from "@/lib/analytics/overview";
import { METRICS, RATIO_METRICS } from "@/lib/analytics/schemas";
import { createRule } from "@/lib/attribution/rules";
import { db } from "@/lib/db";
import { createUpload } from "@/lib/uploads/mutations";
import { processUpload } from "@/lib/uploads/process-upload";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople, errorCode } from "@/test/factories";
import { ledgerTotals } from "@/test/ledger";

type Actor = Parameters<typeof createUpload>[0];
const HEADER = "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens";
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

function row(offset: number, project: string, model: string, input: number, output: number, requests = 10) {
  const start = Date.parse(`${day(offset)}T00:00:00Z`) / 1000;
  return [start, start + 86_400, "", "", project, requests, `user-${project}`, `key_${project}`, model, "FALSE", "default", input, output, 0].join(",");
}

async function upload(actor: Actor, csv: string) {
  let id = "";
  await createUpload(actor, { body: Readable.from([Buffer.from(csv)]), filename: "usage.csv", options: {} }, (uploadId) => (id = uploadId));
  await processUpload(id);
}

/** Two projects over the last 40 days; proj_support is the manager's team by rule, the rest unattributed. */
async function seed() {
  const context = await createOrgWithPeople();
  const { actors, teams } = context;
  await createRule(actors.admin, { name: "Support", conditions: [{ field: "project", operator: "exact", value: "proj_support" }], teamId: teams.managedTeam.id });
  await createRule(actors.admin, { name: "Legal", conditions: [{ field: "project", operator: "exact", value: "proj_legal" }], teamId: teams.otherTeam.id });
  const rows = [HEADER];
  for (let offset = -39; offset <= 0; offset++) {
    rows.push(row(offset, "proj_support", "gpt-4o-mini", 1_000_000 + offset * 1000, 100_000));
    rows.push(row(offset, "proj_legal", "gpt-4o", 200_000, 20_000 + offset * 100, 3));
    if (offset % 3 === 0) rows.push(row(offset, "proj_misc", "gpt-4.1", 50_000, 5_000, 1));
  }
  await upload(actors.admin, rows.join("\n"));
  await pushUsageEvents(actors.admin, [
    { eventId: "t1", timestamp: `${day(-2)}T10:00:00Z`, provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 500_000, outputTokens: 10_000, tags: { app: "search" } },
    { eventId: "t2", timestamp: `${day(-1)}T10:00:00Z`, provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 300_000, outputTokens: 5_000, tags: { app: "chat" } },
  ]);
  return context;
}

const sum = (values: readonly string[]) => values.reduce((total, value) => total.plus(value), new Decimal(0)).toFixed();

describe("the explorer", () => {
  it("adds up: every grouping's rows sum to its total, across rollups, detailed rollups and facts", async () => {
    const { org, actors } = await seed();
    const range = { from: day(-29), to: day(0) };
    const base = await explore(actors.finance, { ...range, compare: false });
    for (const groupBy of [["team"], ["model"], ["provider", "team"], ["project"], ["api_key", "model"], ["provider_user"], ["tag:app"], ["workflow"]]) {
      const result = await explore(actors.finance, { ...range, groupBy, compare: false });
      expect(result.total.value, groupBy.join(",")).toBe(base.total.value);
      expect(sum(result.rows.map((entry) => entry.value)), groupBy.join(",")).toBe(result.total.value);
      expect(result.source).toBe(groupBy.some((dimension) => dimension.startsWith("tag:")) ? "ledger" : groupBy.some((dimension) => ["project", "api_key", "provider_user"].includes(dimension)) ? "detail" : "rollup");
    }
    // Every metric: additive ones sum, ratios come from the summed parts.
    for (const metric of METRICS) {
      const result = await explore(actors.finance, { ...range, groupBy: ["model"], metric, compare: false });
      if (!RATIO_METRICS.has(metric)) expect(sum(result.rows.map((entry) => entry.value)), metric).toBe(result.total.value);
    }
    const tokens = await explore(actors.finance, { ...range, groupBy: ["token_type"], metric: "tokens", compare: false });
    expect(sum(tokens.rows.map((entry) => entry.value))).toBe((await explore(actors.finance, { ...range, metric: "tokens", compare: false })).total.value);
    expect(await errorCode(explore(actors.finance, { ...range, groupBy: ["token_type"], metric: "effective" }))).toBe("validation_failed");
    const perMillion = await explore(actors.finance, { ...range, metric: "cost_per_1m_tokens", compare: false });
    const effective = await explore(actors.finance, { ...range, metric: "effective", compare: false });
    const allTokens = await explore(actors.finance, { ...range, metric: "tokens", compare: false });
    expect(perMillion.total.value).toBe(new Decimal(effective.total.value).dividedBy(allTokens.total.value).times(1_000_000).toDecimalPlaces(6).toFixed());
    // All of it is the ledger's, to the cent.
    const all = await explore(actors.finance, { from: day(-60), to: day(0), metric: "estimated", compare: false });
    expect(all.total.value).toBe((await ledgerTotals(org.id)).estimated);
  });

  it("filters on any dimension (OR within, AND across), finds unattributed spend, and compares with the previous period", async () => {
    const { teams, actors } = await seed();
    const range = { from: day(-9), to: day(0) };
    const byTeam = await explore(actors.finance, { ...range, groupBy: ["team"] });
    expect(byTeam.rows.map((entry) => entry.group[0]!.label).sort()).toEqual(["Legal", "Support", "Unattributed"]);
    const unattributed = await explore(actors.finance, { ...range, filters: { team: [""] }, compare: false });
    expect(unattributed.total.value).toBe(byTeam.rows.find((entry) => entry.group[0]!.value === null)!.value);
    const support = await explore(actors.finance, { ...range, groupBy: ["model"], filters: { team: [teams.managedTeam.id], model: ["gpt-4o-mini", "gpt-4o"] } });
    expect(support.rows.map((entry) => entry.group[0]!.value)).toEqual(["gpt-4o-mini"]);
    const both = await explore(actors.finance, { ...range, filters: { team: [teams.managedTeam.id, teams.otherTeam.id] }, compare: false });
    expect(both.total.value).toBe(sum(byTeam.rows.filter((entry) => entry.group[0]!.value !== null).map((entry) => entry.value)));
    // The previous ten days, computed on their own, are the "previous" figures.
    const before = await explore(actors.finance, { from: day(-19), to: day(-10), groupBy: ["team"], compare: false });
    for (const entry of byTeam.rows) expect(entry.previous).toBe(before.rows.find((other) => other.key === entry.key)?.value ?? "0");
    expect(byTeam.total.previous).toBe(before.total.value);
  });

  it("shows managers their teams only, whatever they ask for", async () => {
    const { teams, actors } = await seed();
    const range = { from: day(-29), to: day(0) };
    const mine = await explore(actors.manager, { ...range, groupBy: ["team"], compare: false });
    expect(mine.scopedToTeams).toContain(teams.managedTeam.id);
    expect(mine.rows.map((entry) => entry.group[0]!.label)).toEqual(["Support"]);
    expect((await explore(actors.manager, { ...range, filters: { team: [teams.otherTeam.id] }, compare: false })).total.value).toBe("0");
    expect((await explore(actors.manager, { ...range, filters: { team: [""] }, compare: false })).total.value).toBe("0");
    // Tags read the facts: the same limit holds there (the pushed, unattributed events are not the manager's).
    expect((await explore(actors.manager, { ...range, groupBy: ["tag:app"], compare: false })).total.value).toBe(mine.total.value);
    const managerOverview = await overview(actors.manager);
    expect(managerOverview.top.team.map((slice) => slice.label)).toEqual(["Support"]);
  });

  it("exports exactly the table as CSV, formulas neutralized", async () => {
    const { org, actors, teams } = await seed();
    await db.team.update({ where: { id: teams.otherTeam.id }, data: { name: "=HYPERLINK(\"x\")" } });
    const result = await explore(actors.finance, { from: day(-9), to: day(0), groupBy: ["team", "model"] });
    const lines = parse(explorerCsv(result), { relax_column_count: true }) as string[][];
    expect(lines[1]).toEqual(["Team", "Team id", "Model", "Model id", "Spend (billed, else estimated) (USD)", expect.stringMatching(/^Previous period/), "Change"]);
    const body = lines.slice(2, -1);
    expect(body).toHaveLength(result.rows.length);
    expect(body.map((line) => line[4])).toEqual(result.rows.map((entry) => entry.value));
    expect(body.map((line) => line[0])).toContain(`'=HYPERLINK("x")`);
    expect(lines.at(-1)![4]).toBe(result.total.value);
    expect(sum(body.map((line) => line[4]!))).toBe(lines.at(-1)![4]);
    void org;
  });
});

describe("cached answers", () => {
  it("reuses an answer only until something it read changes: usage, a team's name, an exchange rate", async () => {
    const { org, actors, teams } = await seed();
    const query = { from: day(-29), to: day(0), groupBy: ["team"], compare: false };
    const first = await explore(actors.finance, query);
    expect(await explore(actors.finance, query)).toBe(first);
    // Another reader with the same scope shares it; a manager's scope is another answer.
    expect(await explore(actors.admin, query)).toBe(first);
    expect(await explore(actors.manager, query)).not.toBe(first);

    await db.team.update({ where: { id: teams.managedTeam.id }, data: { name: "Customer Care" } });
    const renamed = await explore(actors.finance, query);
    expect(renamed).not.toBe(first);
    expect(renamed.rows.map((row) => row.group[0]!.label)).toContain("Customer Care");
    expect(renamed.total.value).toBe(first.total.value);

    await pushUsageEvents(actors.admin, [{ eventId: "late", timestamp: `${day(-1)}T11:00:00Z`, provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 1_000_000, outputTokens: 0 }]);
    const grown = await explore(actors.finance, query);
    expect(new Decimal(grown.total.value).gt(renamed.total.value)).toBe(true);

    await db.exchangeRate.create({ data: { orgId: org.id, day: new Date(`${day(-5)}T00:00:00Z`), fromCurrency: "EUR", toCurrency: "USD", rate: "1.1" } });
    expect(await explore(actors.finance, query)).not.toBe(grown);
  });
});

describe("the overview", () => {
  it("agrees with the explorer: month to date, slices that sum to it, the last 30 days, unit economics", async () => {
    const { actors } = await seed();
    const result = await overview(actors.finance);
    const mtd = await explore(actors.finance, { from: result.month.from, to: result.month.to, compare: false });
    expect(result.monthToDate.value).toBe(mtd.total.value);
    for (const dimension of ["team", "workflow", "model", "provider"] as const) expect(sum(result.top[dimension].map((slice) => slice.value)), dimension).toBe(mtd.total.value);
    expect(result.daily.buckets.length).toBeGreaterThan(25);
    expect(result.unitEconomics).toHaveLength(12);
    const spendLast = result.unitEconomics.at(-1)!;
    expect(spendLast.spend).toBe(mtd.total.value);
    expect(result.movers.length).toBeGreaterThan(0);
    expect(result.unattributed.value).toBe((await explore(actors.finance, { from: result.month.from, to: result.month.to, filters: { team: [""] }, compare: false })).total.value);
  });
});
