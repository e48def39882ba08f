import { formatOutcomeCount, formatOutcomeRate, formatTokensPerRequest } from "@/components/outcomes/format-outcomes";
import { LazyCostPerOutcomeChart } from "@/components/outcomes/lazy-cost-per-outcome-chart";
import { outcomeChart } from "@/components/outcomes/prepare-outcome-chart";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { VerdictKind, WorkflowOutcomes } from "@/lib/outcomes/schemas";

const TONES: Record<VerdictKind, string> = {
  not_enough_data: "border-slate-200 bg-slate-50 text-slate-800",
  more_tokens_more_outcomes: "border-emerald-200 bg-emerald-50 text-emerald-950",
  fewer_tokens_same_outcomes: "border-emerald-200 bg-emerald-50 text-emerald-950",
  steady_tokens: "border-slate-200 bg-slate-50 text-slate-800",
  more_tokens_little_gain: "border-amber-200 bg-amber-50 text-amber-950",
  more_tokens_fewer_outcomes: "border-red-200 bg-red-50 text-red-900",
  fewer_tokens_fewer_outcomes: "border-amber-200 bg-amber-50 text-amber-950",
};

const change = (value: string | null) => (value === null ? "—" : `${value.startsWith("-") ? "−" : "+"}${value.replace(/^-/, "")} %`);

/** One workflow: the verdict, cost per outcome over time, and the two halves the verdict compares. */
export function WorkflowOutcomesCard({ entry, currency, bucketLabel }: { entry: WorkflowOutcomes; currency: string; bucketLabel: string }) {
  const { workflow, verdict, kinds } = entry;
  const halves = verdict.halves;
  return (
    <Card title={workflow.name} description={`Outcomes counted: ${kinds.join(", ")}.`}>
      <div className="space-y-4" data-testid={`outcomes-${workflow.name}`}>
        <p className={`rounded-md border px-3 py-2 text-sm font-medium ${TONES[verdict.kind]}`} data-testid="outcome-verdict">
          {verdict.sentence}
        </p>
        <LazyCostPerOutcomeChart points={outcomeChart(entry.buckets)} currency={currency} title={`${workflow.name}: cost per outcome by ${bucketLabel}`} />
        {halves ? (
          <Table caption={`${workflow.name}: the two halves compared`}>
            <thead>
              <tr>
                <Th>Compared</Th>
                <Th className="text-right">Days</Th>
                <Th className="text-right">Tokens per request</Th>
                <Th className="text-right">Outcomes per request</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {halves.map((half, index) => (
                <tr key={half.from}>
                  <Td>
                    {index === 0 ? "First half" : "Second half"} <span className="text-xs text-slate-600">({half.from} – {half.to})</span>
                  </Td>
                  <Td className="text-right tabular-nums">{half.days}</Td>
                  <Td className="text-right tabular-nums">{formatTokensPerRequest(half.tokensPerRequest)}</Td>
                  <Td className="text-right tabular-nums">{formatOutcomeRate(half.outcomeRate)}</Td>
                </tr>
              ))}
              <tr>
                <Td className="font-medium">Change</Td>
                <Td />
                <Td className="text-right font-medium tabular-nums">{change(verdict.tokensPerRequestChange)}</Td>
                <Td className="text-right font-medium tabular-nums">{change(verdict.outcomeRateChange)}</Td>
              </tr>
            </tbody>
          </Table>
        ) : null}
        {kinds.length > 1 ? (
          <p className="text-xs text-slate-600">
            By kind: {Object.entries(entry.totals.byKind).map(([kind, count]) => `${formatOutcomeCount(count)} ${kind}`).join(", ")}.
          </p>
        ) : null}
      </div>
    </Card>
  );
}
