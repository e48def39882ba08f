import Decimal from "decimal.js";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { lockOrganizationLedger, rebuildRollups } from "@/lib/ingest/ledger-sql";
import { recordAuditSql, type AuditWho } from "@/lib/audit/record-audit";
import { loadPricer } from "@/lib/pricing/load-pricer";

// Re-rating: after a price, alias or contract change, every record of a date range is priced again from the
// catalog, its estimate (and list cost, unpriced flag) updated and the days' rollups recomputed, in one
// transaction. Progress goes to the rerate_run row; the audit log gets the totals before and after.

const BATCH = 10_000;

type RecordRow = {
  naturalKey: string;
  usageDate: string;
  provider: string;
  model: string | null;
  modelRaw: string | null;
  serviceTier: string | null;
  contextTier: string | null;
  uncached: string;
  read: string;
  write5m: string;
  write1h: string;
  output: string;
  reasoning: string;
  otherUnits: string | null;
  otherUnit: string | null;
  billedCost: string | null;
  periodStart: Date;
  currency: string;
};

type Totals = Record<string, { estimated: string; list: string; unpricedRecords: number }>;

async function totalsOf(client: Pick<PoolClient, "query">, orgId: string, from: string, to: string): Promise<Totals> {
  const { rows } = await client.query<{ currency: string; estimated: string; list: string; unpriced: string }>(
    `SELECT currency, coalesce(sum("estimatedCost"), 0)::text AS estimated, coalesce(sum("listCost"), 0)::text AS list,
       count(*) FILTER (WHERE unpriced)::text AS unpriced
     FROM usage_record WHERE "orgId" = $1 AND "usageDate" BETWEEN $2::date AND $3::date GROUP BY currency`,
    [orgId, from, to],
  );
  return Object.fromEntries(rows.map((row) => [row.currency, { estimated: new Decimal(row.estimated).toFixed(), list: new Decimal(row.list).toFixed(), unpricedRecords: Number(row.unpriced) }]));
}

const copyValue = (value: string | null) => (value === null ? "\\N" : value);

export async function runRerate(pool: Pool, runId: string, who: AuditWho): Promise<void> {
  const { rows: runs } = await pool.query<{ orgId: string; from: string; to: string }>(
    `UPDATE rerate_run SET status = 'running', "startedAt" = now() WHERE id = $1 AND status = 'pending'
     RETURNING "orgId", to_char("fromDay", 'YYYY-MM-DD') AS from, to_char("toDay", 'YYYY-MM-DD') AS to`,
    [runId],
  );
  const run = runs[0];
  if (!run) return;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await lockOrganizationLedger(client, run.orgId);
    const price = await loadPricer(client, run.orgId);
    const before = await totalsOf(client, run.orgId, run.from, run.to);
    const { rows: counted } = await client.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM usage_record WHERE "orgId" = $1 AND "usageDate" BETWEEN $2::date AND $3::date`,
      [run.orgId, run.from, run.to],
    );
    await pool.query(`UPDATE rerate_run SET "recordsTotal" = $2 WHERE id = $1`, [runId, Number(counted[0]!.count)]);
    await client.query(`CREATE TEMP TABLE rerated (natural_key uuid PRIMARY KEY, estimated numeric, list numeric, unpriced boolean, priced_model text) ON COMMIT DROP`);

    let done = 0;
    let after: { day: string; key: string } | null = null;
    const days = new Set<string>();
    while (true) {
      // Keyset pages in the (orgId, usageDate) index order: flat memory whatever the range.
      const { rows }: { rows: RecordRow[] } = await client.query<RecordRow>(
        `SELECT "naturalKey", to_char("usageDate", 'YYYY-MM-DD') AS "usageDate", provider, model, "modelRaw", "serviceTier", "contextTier",
           "uncachedInputTokens"::text AS uncached, "cacheReadInputTokens"::text AS read, "cacheWrite5mInputTokens"::text AS write5m,
           "cacheWrite1hInputTokens"::text AS write1h, "outputTokens"::text AS output, "reasoningTokens"::text AS reasoning,
           "otherUnits"::text AS "otherUnits", "otherUnit", "billedCost"::text AS "billedCost", "periodStart", currency
         FROM usage_record
         WHERE "orgId" = $1 AND "usageDate" BETWEEN $2::date AND $3::date
           AND ($4::date IS NULL OR ("usageDate", "naturalKey") > ($4::date, $5::uuid))
         ORDER BY "usageDate", "naturalKey" LIMIT ${BATCH}`,
        [run.orgId, run.from, run.to, after?.day ?? null, after?.key ?? null],
      );
      if (rows.length === 0) break;
      let lines = "";
      for (const record of rows) {
        days.add(record.usageDate);
        const outcome = price({
          provider: record.provider,
          model: record.model,
          modelRaw: record.modelRaw,
          serviceTier: record.serviceTier,
          contextTier: record.contextTier,
          tokens: {
            uncachedInputTokens: Number(record.uncached),
            cacheReadInputTokens: Number(record.read),
            cacheWrite5mInputTokens: Number(record.write5m),
            cacheWrite1hInputTokens: Number(record.write1h),
            outputTokens: Number(record.output),
            reasoningTokens: Number(record.reasoning),
          },
          otherUnits: record.otherUnits === null ? null : new Decimal(record.otherUnits).toFixed(),
          otherUnit: record.otherUnit,
          billedCost: record.billedCost,
          periodStart: record.periodStart,
          currency: record.currency,
        });
        lines += `${record.naturalKey}\t${copyValue(outcome.estimatedCost)}\t${copyValue(outcome.listCost)}\t${outcome.unpriced ? "t" : "f"}\t${copyValue(outcome.pricedModel)}\n`;
      }
      const copy = client.query(copyFrom(`COPY rerated FROM STDIN`));
      await new Promise<void>((resolve, reject) => {
        copy.on("finish", resolve);
        copy.on("error", reject);
        copy.end(lines);
      });
      done += rows.length;
      const last: RecordRow = rows.at(-1)!;
      after = { day: last.usageDate, key: last.naturalKey };
      await pool.query(`UPDATE rerate_run SET "recordsDone" = $2 WHERE id = $1`, [runId, done]);
    }

    const changed = await client.query(
      `UPDATE usage_record u SET "estimatedCost" = r.estimated, "listCost" = r.list, unpriced = r.unpriced, "pricedModel" = r.priced_model, "updatedAt" = now()
       FROM rerated r
       WHERE u."orgId" = $1 AND u."naturalKey" = r.natural_key
         AND (u."estimatedCost" IS DISTINCT FROM r.estimated OR u."listCost" IS DISTINCT FROM r.list OR u.unpriced IS DISTINCT FROM r.unpriced
              OR u."pricedModel" IS DISTINCT FROM r.priced_model)`,
      [run.orgId],
    );
    await rebuildRollups(client, run.orgId, [...days]);
    const afterTotals = await totalsOf(client, run.orgId, run.from, run.to);
    await client.query(
      `UPDATE rerate_run SET status = 'completed', "recordsDone" = $2, "recordsChanged" = $3, before = $4, after = $5, "finishedAt" = now() WHERE id = $1`,
      [runId, done, changed.rowCount ?? 0, JSON.stringify(before), JSON.stringify(afterTotals)],
    );
    await recordAuditSql(client, who, {
      action: "ledger.rerate",
      entityType: "rerate_run",
      entityId: runId,
      before: { from: run.from, to: run.to, totals: before },
      after: { from: run.from, to: run.to, totals: afterTotals, recordsChanged: changed.rowCount ?? 0 },
    });
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    await pool.query(`UPDATE rerate_run SET status = 'failed', message = $2, "finishedAt" = now() WHERE id = $1`, [
      runId,
      `The re-rate failed; nothing was changed. ${error instanceof Error ? error.message : ""}`.trim(),
    ]);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * After a restart: re-rates that were running or waiting in a process that died are failed (each runs in one
 * transaction, so nothing of them is in the ledger). A run counts as dead once it is older than `staleAfterMs`
 * (an hour by default, far above the longest re-rate), so another app instance's live run is left alone.
 */
export async function recoverRerates(pool: Pool, options: { staleAfterMs?: number } = {}): Promise<number> {
  const stale = new Date(Date.now() - (options.staleAfterMs ?? 60 * 60 * 1000));
  const { rowCount } = await pool.query(
    `UPDATE rerate_run SET status = 'failed', "finishedAt" = now(),
       message = 'The re-rate was interrupted when the server stopped; nothing was changed. Start it again.'
     WHERE status IN ('pending', 'running') AND coalesce("startedAt", "createdAt") < $1`,
    [stale],
  );
  return rowCount ?? 0;
}
