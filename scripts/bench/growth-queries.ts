// Part of npm run bench:growth: the overview and a 90-day daily explorer query of Benchmark Corp, in process, one at
// a time (the answer cache off), from the rollups and from the ledger facts; medians of N runs, as one JSON line.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DATA_ROOT } from "../../lib/database/embedded.ts";

const runs = Number(process.argv[2] ?? 3);
const token = (await readFile(path.join(DATA_ROOT, "bench-token"), "utf8")).trim();
const { actorForToken } = await import("../../lib/auth/actor.ts");
const { explore, fromFactsOnly } = await import("../../lib/analytics/explore.ts");
const { overview, orgToday } = await import("../../lib/analytics/overview.ts");
const { fromSearchParams, queryOf } = await import("../../lib/analytics/url.ts");
const actor = await actorForToken(token);
const query = queryOf(fromSearchParams(new URLSearchParams("range=90d&groupBy=team&granularity=day&metric=effective")), orgToday(actor.org.timeZone));
async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return Math.round([...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!);
}
const result = {
  overviewRollups: await median(() => overview(actor)),
  overviewFacts: await median(() => fromFactsOnly(() => overview(actor))),
  explorerRollups: await median(() => explore(actor, query)),
  explorerFacts: await median(() => fromFactsOnly(() => explore(actor, query))),
};
console.log(JSON.stringify(result));
const { db } = await import("../../lib/db.ts");
const { pool } = await import("../../lib/pg.ts");
await Promise.all([db.$disconnect(), pool.end()]);
