import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseOtlpTraces } from "@/lib/ingest/otlp";
import { pool } from "@/lib/pg";
import { pushOtlpTraces, pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople, errorCode } from "@/test/factories";
import { assertRollupsMatchFacts, ledgerTotals } from "@/test/ledger";

const event = (id: string, fields: Record<string, unknown> = {}) => ({
  eventId: id,
  timestamp: "2026-03-02T10:15:00Z",
  provider: "openai",
  model: "gpt-4o-2024-08-06",
  // OpenAI's convention: input includes the cached tokens.
  inputTokens: 1_000_000,
  cacheReadInputTokens: 400_000,
  outputTokens: 100_000,
  team: "Support",
  ...fields,
});

async function hourlyRecords(orgId: string) {
  const { rows } = await pool.query<{ start: string; uncached: string; read: string; output: string; requests: string; estimated: string | null; billed: string | null; team: string | null }>(
    `SELECT to_char("periodStart" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS start, "uncachedInputTokens"::text AS uncached, "cacheReadInputTokens"::text AS read,
       "outputTokens"::text AS output, requests::text AS requests, "estimatedCost"::float8::text AS estimated, "billedCost"::float8::text AS billed, "teamId" AS team
     FROM usage_record WHERE "orgId" = $1 ORDER BY 1, 7 NULLS FIRST`,
    [orgId],
  );
  return rows;
}

describe("the push API", () => {
  it("writes valid events as hourly records, reports each invalid one by index, and counts a repeated eventId once", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const body = [
      event("e1"),
      event("e2", { timestamp: "2026-03-02T10:59:59Z" }),
      event("e3", { team: "No such team" }),
      event("e4", { outputTokens: -5 }),
      event("e5", { timestamp: "2026-03-02T11:00:00Z", cost: "1.25" }),
    ];
    const result = await pushUsageEvents(actors.admin, body);
    expect(result).toMatchObject({ received: 5, accepted: 3, duplicates: 0, rejected: 2 });
    expect(result.errors).toEqual([
      { index: 2, field: "team", reason: 'names no team of this organization ("No such team")' },
      { index: 3, field: "outputTokens", reason: expect.any(String) },
    ]);
    // e1 and e2 share an hour and dimensions: one record. 600k uncached × $2.50 + 400k cached × $1.25 + 100k × $10,
    // twice. e5 states its cost: billed, kept apart.
    expect(await hourlyRecords(org.id)).toEqual([
      { start: "2026-03-02 10:00", uncached: "1200000", read: "800000", output: "200000", requests: "2", estimated: "6", billed: null, team: teams.managedTeam.id },
      { start: "2026-03-02 11:00", uncached: "600000", read: "400000", output: "100000", requests: "1", estimated: "3", billed: "1.25", team: teams.managedTeam.id },
    ]);
    const before = await ledgerTotals(org.id);

    // The same body again: nothing counts twice.
    expect(await pushUsageEvents(actors.admin, body)).toMatchObject({ accepted: 0, duplicates: 3, rejected: 2 });
    expect(await ledgerTotals(org.id)).toEqual(before);
    // A new event in the same hour updates that hour's record.
    await pushUsageEvents(actors.admin, [event("e6", { timestamp: "2026-03-02T10:30:00Z" })]);
    const [tenOClock] = await hourlyRecords(org.id);
    expect(tenOClock).toMatchObject({ uncached: "1800000", requests: "3", estimated: "9" });
    await assertRollupsMatchFacts(org.id);

    // Event ids are the organization's own.
    const other = await createOrgWithPeople();
    expect(await pushUsageEvents(other.actors.admin, [event("e1")])).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it("refuses what is not usage: a body that is not an array, or only invalid events, writes nothing", async () => {
    const { org, actors } = await createOrgWithPeople();
    const notArray = await pushUsageEvents(actors.admin, { events: [] }).catch((error: unknown) => error);
    expect(notArray).toBeInstanceOf(AppError);
    expect(notArray).toMatchObject({ code: "validation_failed", message: expect.stringContaining("JSON array") });
    const allBad = await pushUsageEvents(actors.admin, [event("x", { timestamp: "yesterday" })]).catch((error: unknown) => error);
    expect(allBad).toMatchObject({ code: "validation_failed", details: { errors: [{ index: 0, field: "timestamp" }] } });
    expect((await ledgerTotals(org.id)).records).toBe(0);
  });

  it("is for admins (usage:write): finance and managers are refused", async () => {
    const { actors } = await createOrgWithPeople();
    expect(await errorCode(pushUsageEvents(actors.finance, [event("f")]))).toBe("forbidden");
    expect(await errorCode(pushUsageEvents(actors.manager, [event("m")]))).toBe("forbidden");
  });

  it("limits the requests per token and minute, with the wait to retry", async () => {
    const { actors } = await createOrgWithPeople();
    const { env } = await import("@/lib/env");
    for (let request = 0; request < env.TOKENLEDGER_PUSH_RATE_PER_MINUTE; request++) await pushUsageEvents(actors.admin, []);
    const limited = await pushUsageEvents(actors.admin, []).catch((error: unknown) => error);
    expect(limited).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: expect.any(Number) } });
  });
});

describe("OTLP traces", () => {
  const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(import.meta.dirname, "../ingest/fixtures/otlp", name), "utf8"));

  it("turns gen_ai spans into usage, ignores the rest, and takes a re-sent export once", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    for (const name of ["openllmetry-openai-chat.json", "openllmetry-anthropic-prompt-caching.json", "otel-openai-v2.json"]) {
      const body = fixture(name);
      const expected = parseOtlpTraces(body);
      const before = await ledgerTotals(org.id);
      const answer = await pushOtlpTraces(actors.admin, body);
      expect(answer).toEqual({});
      const after = await ledgerTotals(org.id);
      const tokens = expected.events.reduce(
        (sum, item) => sum + item.tokens.uncachedInputTokens + item.tokens.cacheReadInputTokens + item.tokens.cacheWrite5mInputTokens + item.tokens.cacheWrite1hInputTokens + item.tokens.outputTokens,
        0,
      );
      expect(after.tokens - before.tokens).toBe(tokens);
      // Sent again (an exporter retry): counted once.
      await pushOtlpTraces(actors.admin, body);
      expect(await ledgerTotals(org.id)).toEqual(after);
    }
    // A team the organization has ("Support") attributes the span; names it does not have stay as tags for attribution.
    const { rows } = await pool.query<{ team: string | null; tagged: string | null }>(
      `SELECT DISTINCT "teamId" AS team, tags->>'tokenledger.team' AS tagged FROM usage_record WHERE "orgId" = $1 ORDER BY 1, 2`,
      [org.id],
    );
    expect(rows).toContainEqual({ team: teams.managedTeam.id, tagged: null });
    expect(rows.filter((row) => row.team === null).map((row) => row.tagged)).toEqual(expect.arrayContaining(["Finance", "Research"]));
    await assertRollupsMatchFacts(org.id);
  });
});
