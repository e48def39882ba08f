import { db } from "@/lib/db";
import { seededRandom } from "@/lib/demo/random";
import { unsafeUpsertOutcomes, type OutcomeRow } from "@/lib/outcomes/outcomes";
import { pool } from "@/lib/pg";

// The demo's outcomes: 120 days of counts for three workflows, derived from the demo's own usage (so call it after
// the usage is seeded) with a fixed noise per day, upserted (a rerun changes nothing). Each tells a story on the
// outcomes page. The demo's prompts grow about 2 % a month (lib/demo/seed-usage.ts), so tokens per request rise:
// - Ticket triage routes the same share of tickets whatever the prompt: more tokens per request bought nothing.
// - Contract review finishes documents in proportion to the context it reads. Its provider's export carries no
//   request counts, so it shows cost per document and no per-request verdict.
// - Support copilot resolves tickets in proportion to requests; its fine-tuned model (cheaper, shorter prompts)
//   lowers tokens per request without costing resolutions.

export const DEMO_OUTCOME_DAYS = 120;

type Story = {
  workflow: string;
  kind: string;
  /** Outcomes per request, or per thousand tokens when `per` is "tokens". */
  rate: number;
  per: "requests" | "tokens";
  /** Day-to-day spread, ± this share. */
  noise: number;
};

const STORIES: Story[] = [
  { workflow: "Support copilot", kind: "tickets resolved", rate: 0.085, per: "requests", noise: 0.04 },
  { workflow: "Contract review", kind: "documents reviewed", rate: 0.0062, per: "tokens", noise: 0.06 },
  { workflow: "Ticket triage", kind: "tickets routed", rate: 0.62, per: "requests", noise: 0.03 },
];

const DAY_MS = 86_400_000;

/** Upserts the last 120 days of outcomes (up to yesterday) for the demo's workflows; returns the counts written. */
export async function seedDemoOutcomes(orgId: string, now: Date = new Date()): Promise<number> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - DEMO_OUTCOME_DAYS * DAY_MS).toISOString().slice(0, 10);
  const to = new Date(today - DAY_MS).toISOString().slice(0, 10);
  const workflows = await db.workflow.findMany({ where: { orgId, name: { in: STORIES.map((story) => story.workflow) } }, select: { id: true, name: true } });
  const stories = new Map(workflows.map((workflow) => [workflow.id, STORIES.find((story) => story.workflow === workflow.name)!]));
  if (stories.size === 0) return 0;
  const { rows: usage } = await pool.query<{ workflowId: string; day: string; requests: string; tokens: string }>(
    `SELECT "workflowId", to_char(day, 'YYYY-MM-DD') AS day, sum(requests)::text AS requests,
       sum("uncachedInputTokens" + "cacheReadInputTokens" + "cacheWrite5mInputTokens" + "cacheWrite1hInputTokens" + "outputTokens")::text AS tokens
     FROM daily_usage WHERE "orgId" = $1 AND "workflowId" = ANY($2::text[]) AND day BETWEEN $3::date AND $4::date
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [orgId, [...stories.keys()], from, to],
  );
  const rows: OutcomeRow[] = [];
  for (const entry of usage) {
    const story = stories.get(entry.workflowId)!;
    const basis = story.per === "requests" ? Number(entry.requests) : Number(entry.tokens) / 1000;
    if (basis <= 0) continue;
    const next = seededRandom(Math.floor(Date.parse(`${entry.day}T00:00:00Z`) / DAY_MS) * 7919 + story.kind.length * 104_729);
    const count = Math.round(basis * story.rate * (1 - story.noise + next() * 2 * story.noise));
    rows.push({ workflowId: entry.workflowId, day: entry.day, kind: story.kind, count: String(count) });
  }
  await unsafeUpsertOutcomes(orgId, rows, "api");
  return rows.length;
}
