import { csvRecord } from "@/lib/exports/csv";
import { dimensionLabel, METRIC_LABELS, type ExplorerResult } from "@/lib/analytics/schemas";

/**
 * The explorer's table as CSV, exactly as shown: one row per group (label and id per dimension), the value, the
 * previous period's and the change, then the total. csvRecord neutralizes text against spreadsheet formulas;
 * numbers are written as the exact decimals they are.
 */
export function explorerCsv(result: ExplorerResult): string {
  const { query } = result;
  const metric = `${METRIC_LABELS[query.metric]}${MONEY.has(query.metric) ? ` (${result.currency})` : ""}`;
  const header = [
    ...query.groupBy.flatMap((dimension) => [dimensionLabel(dimension), `${dimensionLabel(dimension)} id`]),
    metric,
    ...(result.previousRange ? [`Previous period (${result.previousRange.from} to ${result.previousRange.to})`, "Change"] : []),
  ];
  let csv = csvRecord([`Explorer ${query.from} to ${query.to}`]) + csvRecord(header);
  for (const row of result.rows) {
    csv += csvRecord([
      ...row.group.flatMap((cell) => [cell.label, cell.value]),
      row.value,
      ...(result.previousRange ? [row.previous, row.change] : []),
    ]);
  }
  csv += csvRecord([...query.groupBy.flatMap((_, index) => (index === 0 ? ["Total", null] : [null, null])), result.total.value, ...(result.previousRange ? [result.total.previous, result.total.change] : [])]);
  return csv;
}

const MONEY = new Set(["effective", "billed", "estimated", "cost_per_1k_requests", "cost_per_1m_tokens"]);
