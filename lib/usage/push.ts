import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseOtlpTraces } from "@/lib/ingest/otlp";
import { ingestUsageEvents, type PushSource } from "@/lib/ingest/push";
import { parseUsageEvents, type IngestError, type UsageEvent } from "@/lib/ingest/usage-events";
import { pool } from "@/lib/pg";

// The push API's data layer: authorize, limit the rate per token, validate, write. Each event problem is reported
// with its index and reason; valid events are written even when others fail.

let limiter: RateLimiterPostgres | null = null;
function rateLimiter(): RateLimiterPostgres {
  limiter ??= new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: "rate_limit",
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: "push",
    points: env.TOKENLEDGER_PUSH_RATE_PER_MINUTE,
    duration: 60,
  });
  return limiter;
}

/** Per API token (or per member, for a session): 429 with Retry-After past the limit. */
async function consumeRate(actor: Actor): Promise<void> {
  try {
    await rateLimiter().consume(actor.tokenId ?? `user:${actor.userId}`);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new AppError("rate_limited", `At most ${env.TOKENLEDGER_PUSH_RATE_PER_MINUTE} requests a minute per token; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

async function namesOf(actor: Actor) {
  const [teams, workflows] = await Promise.all([
    db.team.findMany({ where: { orgId: actor.org.id }, select: { id: true, name: true } }),
    db.workflow.findMany({ where: { orgId: actor.org.id }, select: { id: true, name: true } }),
  ]);
  return {
    teams: new Map(teams.map((team) => [team.name.toLowerCase(), team.id])),
    workflows: new Map(workflows.map((workflow) => [workflow.name.toLowerCase(), workflow.id])),
  };
}

async function write(actor: Actor, events: UsageEvent[], indexes: number[], source: PushSource, names?: Awaited<ReturnType<typeof namesOf>>) {
  const { teams, workflows } = names ?? (await namesOf(actor));
  return ingestUsageEvents({
    pool,
    orgId: actor.org.id,
    timeZone: actor.org.timeZone,
    events,
    indexes,
    source,
    teams,
    workflows,
  });
}

export type PushResponse = { received: number; accepted: number; duplicates: number; rejected: number; errors: IngestError[] };

export async function pushUsageEvents(actor: Actor, body: unknown): Promise<PushResponse> {
  authorize(actor, "usage:write");
  await consumeRate(actor);
  const parsed = parseUsageEvents(body);
  // A body that is not an array, or too long: nothing is written, and it is a 400.
  if (parsed.errors.some((error) => error.index === -1)) {
    throw new AppError("validation_failed", parsed.errors[0]!.reason, { errors: parsed.errors });
  }
  const received = Array.isArray(body) ? body.length : 0;
  const written = parsed.events.length ? await write(actor, parsed.events, parsed.indexes, "push") : { accepted: 0, duplicates: 0, errors: [], records: 0 };
  const errors = [...parsed.errors, ...written.errors].sort((a, b) => a.index - b.index);
  if (errors.length && written.accepted + written.duplicates === 0) {
    throw new AppError("validation_failed", `None of the ${received} events is valid; nothing was written.`, { errors });
  }
  return { received, accepted: written.accepted, duplicates: written.duplicates, rejected: new Set(errors.map((error) => error.index)).size, errors };
}

/** OTLP/HTTP JSON traces; the answer follows OTLP's partial-success convention. */
export async function pushOtlpTraces(actor: Actor, body: unknown): Promise<{ partialSuccess?: { rejectedSpans: number; errorMessage: string } }> {
  authorize(actor, "usage:write");
  await consumeRate(actor);
  const parsed = parseOtlpTraces(body);
  if (parsed.errors.some((error) => error.index === -1)) throw new AppError("validation_failed", parsed.errors[0]!.reason, { errors: parsed.errors });
  // Telemetry names teams and workflows freely: a name this organization does not have yet leaves the span
  // unattributed (kept as a tag, for attribution rules to map) rather than refused.
  const names = await namesOf(actor);
  const events = parsed.events.map((event) => {
    const unknownTeam = event.team !== null && !names.teams.has(event.team.toLowerCase());
    const unknownWorkflow = event.workflow !== null && !names.workflows.has(event.workflow.toLowerCase());
    if (!unknownTeam && !unknownWorkflow) return event;
    return {
      ...event,
      team: unknownTeam ? null : event.team,
      workflow: unknownWorkflow ? null : event.workflow,
      tags: {
        ...event.tags,
        ...(unknownTeam ? { "tokenledger.team": event.team! } : {}),
        ...(unknownWorkflow ? { "tokenledger.workflow": event.workflow! } : {}),
      },
    };
  });
  const written = events.length ? await write(actor, events, events.map(() => -1), "otlp", names) : { accepted: 0, duplicates: 0, errors: [], records: 0 };
  const problems = [...parsed.errors, ...written.errors];
  if (problems.length === 0) return {};
  return {
    partialSuccess: {
      rejectedSpans: problems.length,
      errorMessage: problems.slice(0, 5).map((problem) => `${problem.index >= 0 ? `span ${problem.index}` : "span"}${problem.field ? ` ${problem.field}` : ""}: ${problem.reason}`).join("; "),
    },
  };
}
