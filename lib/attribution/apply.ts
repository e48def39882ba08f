import Decimal from "decimal.js";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { recordAuditSql, type AuditWho } from "@/lib/audit/record-audit";
import { createMatcher, type Attribution, type Dimensions, type RuleDefinition } from "@/lib/attribution/matcher";
import { loadWorkflowOwners } from "@/lib/ingest/pipeline";
import { lockOrganizationLedger, rebuildRollups } from "@/lib/ingest/ledger-sql";

// Re-applying attribution rules to a date range, and previewing what that would do. Both work on groups of records
// with the same provider dimensions (a rule sees nothing else), so a year of records is a few thousand groups:
// the rules run in JS on each group, and one set-based UPDATE moves the records. The preview and the apply share
// computeMoves, so the preview's numbers are exactly what applying then does.

/** The provider dimensions of a record, hashed in SQL: the key of a group (jsonb prints its keys in one order). */
export function dimensionsHash(alias = ""): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `md5(concat_ws(chr(31), ${column("provider")}, coalesce(${column("project")}, ''), coalesce(${column('"apiKey"')}, ''),
    coalesce(${column('"providerUser"')}, ''), coalesce(${column("model")}, ''), coalesce(${column('"modelRaw"')}, ''), coalesce(${column("tags")}::text, '')))`;
}

export type Group = Dimensions & {
  hash: string;
  teamId: string | null;
  workflowId: string | null;
  /** The source named its team or workflow: rules leave it alone. */
  fromSource: boolean;
  currency: string;
  records: number;
  /** Billed where billed, else estimated: what the records cost. */
  spend: string;
};

export async function attributionGroups(client: Pool | PoolClient, orgId: string, from: string, to: string): Promise<Group[]> {
  const { rows } = await client.query<{
    hash: string;
    provider: string;
    project: string | null;
    apiKey: string | null;
    providerUser: string | null;
    model: string | null;
    modelRaw: string | null;
    tags: Record<string, string> | null;
    teamId: string | null;
    workflowId: string | null;
    fromSource: boolean;
    currency: string;
    records: string;
    spend: string;
  }>(
    `SELECT ${dimensionsHash()} AS hash, provider, project, "apiKey", "providerUser", model, "modelRaw", tags, "teamId", "workflowId",
       coalesce("attributedBy" = 'source', false) AS "fromSource", currency, count(*)::text AS records,
       coalesce(sum(coalesce("billedCost", "estimatedCost")), 0)::text AS spend
     FROM usage_record WHERE "orgId" = $1 AND "usageDate" BETWEEN $2::date AND $3::date
     GROUP BY 1, provider, project, "apiKey", "providerUser", model, "modelRaw", tags, "teamId", "workflowId", 11, currency`,
    [orgId, from, to],
  );
  return rows.map((row) => ({ ...row, records: Number(row.records) }));
}

export type Move = { fromTeamId: string | null; fromWorkflowId: string | null; toTeamId: string | null; toWorkflowId: string | null; currency: string; spend: string; records: number };

export type Moves = {
  moves: Move[];
  /** Per currency, after the change. */
  attributed: Record<string, string>;
  unattributed: Record<string, string>;
  /** What each group's records get: by dimensions hash (source-attributed groups are absent). */
  targets: Map<string, Attribution>;
};

/** Where each group's spend is now and where the rules would put it. */
export function computeMoves(groups: readonly Group[], rules: readonly RuleDefinition[], workflowOwners: ReadonlyMap<string, string> = new Map()): Moves {
  const matchRules = createMatcher(rules);
  // As at ingest (lib/ingest/pipeline.ts): a workflow's spend is its owning team's where no rule names a team.
  const match = (group: Group): Attribution => {
    const target = matchRules(group);
    return target.teamId === null && target.workflowId !== null ? { ...target, teamId: workflowOwners.get(target.workflowId) ?? null } : target;
  };
  const targets = new Map<string, Attribution>();
  const moves = new Map<string, Move & { sum: Decimal }>();
  const attributed = new Map<string, Decimal>();
  const unattributed = new Map<string, Decimal>();
  const add = (map: Map<string, Decimal>, currency: string, amount: string) => map.set(currency, (map.get(currency) ?? new Decimal(0)).plus(amount));
  for (const group of groups) {
    let teamId = group.teamId;
    let workflowId = group.workflowId;
    if (!group.fromSource) {
      const target = targets.get(group.hash) ?? match(group);
      targets.set(group.hash, target);
      if (teamId !== target.teamId || workflowId !== target.workflowId) {
        const key = [group.teamId, group.workflowId, target.teamId, target.workflowId, group.currency].join("\u0000");
        const move = moves.get(key) ?? {
          fromTeamId: group.teamId,
          fromWorkflowId: group.workflowId,
          toTeamId: target.teamId,
          toWorkflowId: target.workflowId,
          currency: group.currency,
          spend: "0",
          records: 0,
          sum: new Decimal(0),
        };
        move.sum = move.sum.plus(group.spend);
        move.records += group.records;
        moves.set(key, move);
      }
      teamId = target.teamId;
      workflowId = target.workflowId;
    }
    add(teamId === null && workflowId === null ? unattributed : attributed, group.currency, group.spend);
  }
  const decimals = (map: Map<string, Decimal>) => Object.fromEntries([...map].map(([currency, sum]) => [currency, sum.toFixed()]));
  return {
    moves: [...moves.values()].map(({ sum, ...move }) => ({ ...move, spend: sum.toFixed() })).sort((a, b) => new Decimal(b.spend).comparedTo(a.spend)),
    attributed: decimals(attributed),
    unattributed: decimals(unattributed),
    targets,
  };
}

export async function loadRules(client: Pool | PoolClient, orgId: string): Promise<RuleDefinition[]> {
  const { rows } = await client.query<RuleDefinition>(
    `SELECT r.id, r.conditions, t.id AS "teamId", w.id AS "workflowId"
     FROM attribution_rule r
     LEFT JOIN team t ON t.id = r."teamId" AND t."orgId" = r."orgId"
     LEFT JOIN workflow w ON w.id = r."workflowId" AND w."orgId" = r."orgId"
     WHERE r."orgId" = $1 AND r.enabled ORDER BY r.position, r."createdAt"`,
    [orgId],
  );
  return rows;
}

const copyValue = (value: string | null) => (value === null ? "\\N" : value);

/**
 * Runs one queued re-apply (job_run kind "attribution.apply"): in one transaction, every record of the range not
 * attributed by its source gets the team and workflow the current rules give it, the days' rollups are rebuilt,
 * and the audit log gets what moved. Idempotent: only a queued run is taken.
 */
export async function runAttributionApply(pool: Pool, runId: string, who: AuditWho): Promise<void> {
  const { rows: claimed } = await pool.query<{ orgId: string; from: string; to: string }>(
    `UPDATE job_run SET status = 'running', "startedAt" = now(), "heartbeatAt" = now()
     WHERE id = $1 AND status = 'queued' AND kind = 'attribution.apply'
     RETURNING "orgId", to_char("fromDay", 'YYYY-MM-DD') AS from, to_char("toDay", 'YYYY-MM-DD') AS to`,
    [runId],
  );
  const run = claimed[0];
  if (!run) return;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await lockOrganizationLedger(client, run.orgId);
    const groups = await attributionGroups(client, run.orgId, run.from, run.to);
    await pool.query(`UPDATE job_run SET "windowsTotal" = $2 WHERE id = $1`, [runId, groups.length]);
    const result = computeMoves(groups, await loadRules(client, run.orgId), await loadWorkflowOwners(client, run.orgId));
    await client.query(`CREATE TEMP TABLE attribution_target (hash text PRIMARY KEY, team_id text, workflow_id text, rule_id text) ON COMMIT DROP`);
    let lines = "";
    for (const [hash, target] of result.targets) {
      lines += `${hash}\t${copyValue(target.teamId)}\t${copyValue(target.workflowId)}\t${copyValue(target.teamRuleId ?? target.workflowRuleId)}\n`;
    }
    if (lines) {
      const copy = client.query(copyFrom("COPY attribution_target FROM STDIN"));
      await new Promise<void>((resolve, reject) => {
        copy.on("finish", resolve);
        copy.on("error", reject);
        copy.end(lines);
      });
    }
    const { rows: changed } = await client.query<{ day: string; records: number }>(
      `WITH moved AS (
         UPDATE usage_record u SET "teamId" = t.team_id, "workflowId" = t.workflow_id, "attributedBy" = t.rule_id, "updatedAt" = now()
         FROM attribution_target t
         WHERE u."orgId" = $1 AND u."usageDate" BETWEEN $2::date AND $3::date AND coalesce(u."attributedBy", '') <> 'source'
           AND ${dimensionsHash("u")} = t.hash
           AND (u."teamId", u."workflowId") IS DISTINCT FROM (t.team_id, t.workflow_id)
         RETURNING u."usageDate"
       ) SELECT to_char("usageDate", 'YYYY-MM-DD') AS day, count(*)::int AS records FROM moved GROUP BY 1`,
      [run.orgId, run.from, run.to],
    );
    await rebuildRollups(client, run.orgId, changed.map((row) => row.day));
    const records = changed.reduce((sum, row) => sum + row.records, 0);
    await client.query(`UPDATE job_run SET status = 'completed', "windowsDone" = "windowsTotal", records = $2, "finishedAt" = now() WHERE id = $1`, [runId, records]);
    await recordAuditSql(client, who, {
      action: "attribution.apply",
      entityType: "job_run",
      entityId: runId,
      before: { from: run.from, to: run.to },
      after: { records, moves: result.moves.slice(0, 50), attributed: result.attributed, unattributed: result.unattributed },
    });
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    await pool.query(`UPDATE job_run SET status = 'failed', error = $2, "finishedAt" = now() WHERE id = $1`, [
      runId,
      `Re-applying the rules failed; nothing was changed. ${error instanceof Error ? error.message : ""}`.trim(),
    ]);
    throw error;
  } finally {
    client.release();
  }
}
