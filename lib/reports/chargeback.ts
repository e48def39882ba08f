import "server-only";
import Decimal from "decimal.js";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { runExplore, spendScope } from "@/lib/analytics/explore";
import { splitsOf } from "@/lib/attribution/splits";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import { csvRecord } from "@/lib/exports/csv";
import { roundPreservingTotal, splitAmount } from "@/lib/reports/split";

// Monthly chargeback: what each team (with its cost center) is charged per month, its directly attributed spend
// (effective cost: billed where the provider billed, else estimated; from the rollups) plus its shares of split
// shared spend, minus what it shares out. Every figure is in cents of the reporting currency: a month's direct spend
// is rounded to cents so the teams add up to the month's exact total rounded, splits divide those cents exactly (lib/reports/split.ts), so a month's total is
// the sum of its rows to the cent. Splits are computed over the whole organization (a proportional share depends
// on every target's spend); a manager then sees only the rows of the teams they manage.

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM.");
export const ChargebackQuerySchema = z
  .object({ from: month, to: month })
  .refine((query) => query.from <= query.to, { message: "from must not be after to.", path: ["to"] })
  .refine((query) => monthsBetween(query.from, query.to).length <= 36, { message: "Ask for at most 36 months at once.", path: ["to"] });
export type ChargebackQuery = z.infer<typeof ChargebackQuerySchema>;

export type ChargebackRow = {
  teamId: string | null;
  team: string;
  costCenter: string | null;
  month: string;
  direct: string;
  sharedIn: string;
  sharedOut: string;
  total: string;
};
type Amounts = Pick<ChargebackRow, "direct" | "sharedIn" | "sharedOut" | "total">;

export type Chargeback = {
  from: string;
  to: string;
  currency: string;
  months: string[];
  rows: ChargebackRow[];
  /** Per month, the sums of the rows shown. */
  monthTotals: ({ month: string } & Amounts)[];
  total: Amounts;
  splits: { id: string; name: string; source: string; method: string; targets: string[] }[];
  /** Limited to the manager's teams. */
  scopedToTeams: string[] | null;
};

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, index] = from.split("-").map(Number) as [number, number];
  for (let guard = 0; guard < 1000; guard++) {
    const current = `${year}-${String(index).padStart(2, "0")}`;
    if (current > to) break;
    months.push(current);
    index += 1;
    if (index === 13) [year, index] = [year + 1, 1];
  }
  return months;
}

/** The last day (YYYY-MM-DD) of a month (YYYY-MM). */
export const lastDayOf = (month: string) => {
  const [year, index] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, index, 0)).toISOString().slice(0, 10);
};

const UNATTRIBUTED = "";

export async function chargeback(actor: Actor, input: unknown): Promise<Chargeback> {
  const scope = spendScope(actor);
  const query = parseInput(ChargebackQuerySchema, input);
  const months = monthsBetween(query.from, query.to);
  const [result, teams, splits] = await Promise.all([
    runExplore(actor.org, null, { from: `${query.from}-01`, to: lastDayOf(query.to), groupBy: ["team"], filters: {}, metric: "effective", granularity: "month", compare: false }),
    db.team.findMany({ where: { orgId: actor.org.id }, select: { id: true, name: true, costCenter: true } }),
    splitsOf(actor.org.id),
  ]);
  if (result.truncated) throw new AppError("validation_failed", "Too many teams to report at once; ask for fewer months.");

  // Direct spend in cents per team (UNATTRIBUTED for none) and month.
  const direct = new Map<string, Map<string, Decimal>>();
  const teamOfKey = new Map(result.rows.map((row) => [row.key, row.group[0]!.value ?? UNATTRIBUTED]));
  for (const bucket of result.buckets) {
    const monthKey = bucket.start.slice(0, 7);
    const perTeam = direct.get(monthKey) ?? new Map<string, Decimal>();
    direct.set(monthKey, perTeam);
    for (const [key, value] of Object.entries(bucket.values)) {
      const team = teamOfKey.get(key) ?? UNATTRIBUTED;
      perTeam.set(team, (perTeam.get(team) ?? new Decimal(0)).plus(value));
    }
  }
  // In cents, adding up to the month's exact total rounded (the explorer's month total, to the cent).
  for (const perTeam of direct.values()) {
    const teamsOfMonth = [...perTeam.keys()];
    const rounded = roundPreservingTotal(teamsOfMonth.map((team) => perTeam.get(team)!.toFixed()));
    teamsOfMonth.forEach((team, index) => perTeam.set(team, new Decimal(rounded[index]!)));
  }

  const known = new Map(teams.map((team) => [team.id, team]));
  const rows: ChargebackRow[] = [];
  for (const monthKey of months) {
    const perTeam = direct.get(monthKey) ?? new Map<string, Decimal>();
    const sharedIn = new Map<string, Decimal>();
    const sharedOut = new Map<string, Decimal>();
    // Each split shares its source's direct spend of the month; splits are not chained (a share received is not
    // shared on), so the order of splits does not matter.
    for (const split of splits) {
      if (split.targets.length === 0) continue;
      const source = split.sourceTeamId ?? UNATTRIBUTED;
      const amount = perTeam.get(source) ?? new Decimal(0);
      if (amount.isZero()) continue;
      const weights = split.targets.map((target) => ({
        key: target.teamId,
        weight: split.method === "fixed" ? (target.percent ?? "0") : split.method === "proportional" ? (perTeam.get(target.teamId) ?? new Decimal(0)).toFixed() : "1",
      }));
      for (const [team, part] of splitAmount(amount.toFixed(2), split.method, weights)) sharedIn.set(team, (sharedIn.get(team) ?? new Decimal(0)).plus(part));
      sharedOut.set(source, (sharedOut.get(source) ?? new Decimal(0)).plus(amount));
    }
    for (const team of new Set([...perTeam.keys(), ...sharedIn.keys(), ...sharedOut.keys()])) {
      const own = perTeam.get(team) ?? new Decimal(0);
      const received = sharedIn.get(team) ?? new Decimal(0);
      const given = sharedOut.get(team) ?? new Decimal(0);
      if (own.isZero() && received.isZero() && given.isZero()) continue;
      const info = known.get(team);
      rows.push({
        teamId: team === UNATTRIBUTED ? null : team,
        team: team === UNATTRIBUTED ? "Unattributed" : (info?.name ?? "(deleted team)"),
        costCenter: info?.costCenter ?? null,
        month: monthKey,
        direct: own.toFixed(2),
        sharedIn: received.toFixed(2),
        sharedOut: given.negated().toFixed(2),
        total: own.plus(received).minus(given).toFixed(2),
      });
    }
  }
  const visible = scope ? rows.filter((row) => row.teamId !== null && scope.includes(row.teamId)) : rows;
  visible.sort((a, b) => (a.teamId === null ? 1 : 0) - (b.teamId === null ? 1 : 0) || a.team.localeCompare(b.team) || a.month.localeCompare(b.month));

  const sum = (list: readonly ChargebackRow[]): Amounts => {
    const totals = { direct: new Decimal(0), sharedIn: new Decimal(0), sharedOut: new Decimal(0), total: new Decimal(0) };
    for (const row of list) for (const key of Object.keys(totals) as (keyof Amounts)[]) totals[key] = totals[key].plus(row[key]);
    return { direct: totals.direct.toFixed(2), sharedIn: totals.sharedIn.toFixed(2), sharedOut: totals.sharedOut.toFixed(2), total: totals.total.toFixed(2) };
  };
  return {
    from: query.from,
    to: query.to,
    currency: result.currency,
    months,
    rows: visible,
    monthTotals: months.map((monthKey) => ({ month: monthKey, ...sum(visible.filter((row) => row.month === monthKey)) })),
    total: sum(visible),
    splits: splits.map((split) => ({ id: split.id, name: split.name, source: split.sourceTeamName, method: split.method, targets: split.targets.map((target) => target.teamName) })),
    scopedToTeams: scope,
  };
}

export const CHARGEBACK_CSV_HEADER = ["Month", "Cost center", "Team", "Team ID", "Direct spend", "Shared in", "Shared out", "Total", "Currency"] as const;

/** The report as CSV, a row per team and month (what a general-ledger import expects); csvRecord neutralizes formulas. */
export function chargebackCsv(report: Chargeback): string {
  const lines = [csvRecord(CHARGEBACK_CSV_HEADER)];
  const byMonth = [...report.rows].sort((a, b) => a.month.localeCompare(b.month) || (a.teamId === null ? 1 : 0) - (b.teamId === null ? 1 : 0) || a.team.localeCompare(b.team));
  for (const row of byMonth) lines.push(csvRecord([row.month, row.costCenter, row.team, row.teamId, row.direct, row.sharedIn, row.sharedOut, row.total, report.currency]));
  return lines.join("");
}
