import { Table, Td, Th } from "@/components/ui/table";
import type { MoveView, PreviewResult } from "@/lib/attribution/schemas";
import { addDecimals, formatCount, formatMoney } from "@/lib/money";

type Side = MoveView["from"];

function place(side: Side): string {
  const team = side.teamName ?? (side.teamId ? "(deleted team)" : "Unattributed");
  const workflow = side.workflowName ?? (side.workflowId ? "(deleted workflow)" : null);
  return workflow ? `${team} · ${workflow}` : team;
}

/** Per currency, the spend the moves carry: "$12.50" or "$12.50 and €3.00". */
export function movedTotal(moves: readonly MoveView[]): string {
  const currencies = [...new Set(moves.map((move) => move.currency))].sort();
  return currencies.map((currency) => formatMoney(addDecimals(moves.filter((move) => move.currency === currency).map((move) => move.spend)), currency)).join(" and ");
}

function perCurrency(amounts: Record<string, string>): string {
  const entries = Object.entries(amounts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([currency, amount]) => formatMoney(amount, currency)).join(" and ") : formatMoney("0", "USD");
}

/** What a rule change or a re-apply moves: from where to where, with the spend (exact) and records. */
export function MovesTable({ preview, caption }: { preview: PreviewResult; caption: string }) {
  const { moves } = preview;
  const records = moves.reduce((sum, move) => sum + move.records, 0);
  return (
    <div className="space-y-3" data-testid="moves">
      <p className="text-sm text-slate-800" role="status">
        {moves.length === 0 ? (
          <>Nothing would move between {preview.from} and {preview.to}.</>
        ) : (
          <>
            <strong data-testid="moved-total">{movedTotal(moves)}</strong> of spend would move ({formatCount(records)} {records === 1 ? "record" : "records"}) between {preview.from} and {preview.to}.
          </>
        )}{" "}
        Afterwards {perCurrency(preview.attributed)} is attributed and {perCurrency(preview.unattributed)} is not.
      </p>
      {moves.length ? (
        <Table caption={caption}>
          <thead>
            <tr>
              <Th>From</Th>
              <Th>To</Th>
              <Th className="text-right">Records</Th>
              <Th className="text-right">Spend</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {moves.map((move, index) => (
              <tr key={index}>
                <Td>{place(move.from)}</Td>
                <Td>{place(move.to)}</Td>
                <Td className="text-right tabular-nums">{formatCount(move.records)}</Td>
                <Td className="text-right tabular-nums">{formatMoney(move.spend, move.currency)}</Td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-200 font-medium">
              <Td colSpan={3}>Total</Td>
              <Td className="text-right tabular-nums">{movedTotal(moves)}</Td>
            </tr>
          </tfoot>
        </Table>
      ) : null}
    </div>
  );
}
