import type { Pool, PoolClient } from "pg";
import { createMatcher, type Attribution, type Dimensions, type RuleCondition } from "@/lib/attribution/matcher";

// The organization's enabled rules, in order, as a matcher (plain pg, like the rest of the ingest path). Rules
// naming a team or workflow that no longer exists lose that half. Undefined when there are no rules: imports then
// skip attribution entirely.
export async function loadAttribution(client: Pool | PoolClient, orgId: string): Promise<((dimensions: Dimensions) => Attribution) | undefined> {
  const { rows } = await client.query<{ id: string; conditions: RuleCondition[]; teamId: string | null; workflowId: string | null }>(
    `SELECT r.id, r.conditions, t.id AS "teamId", w.id AS "workflowId"
     FROM attribution_rule r
     LEFT JOIN team t ON t.id = r."teamId" AND t."orgId" = r."orgId"
     LEFT JOIN workflow w ON w.id = r."workflowId" AND w."orgId" = r."orgId"
     WHERE r."orgId" = $1 AND r.enabled ORDER BY r.position, r."createdAt"`,
    [orgId],
  );
  return rows.length ? createMatcher(rows) : undefined;
}
