import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { BudgetStateBadge, BurnBar } from "@/components/budgets/burn-bar";
import { BUDGET_PERIOD_LABELS, days, describeScope } from "@/components/budgets/budget-labels";
import { buttonClass } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listBudgets } from "@/lib/budgets/budgets";
import type { BudgetView } from "@/lib/budgets/schemas";
import { isAppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Budgets" };

function BudgetRow({ org, budget }: { org: string; budget: BudgetView }) {
  const money = (amount: string) => formatMoney(amount, budget.currency);
  return (
    <tr data-testid={`budget-row-${budget.name}`}>
      <Td>
        <Link href={`/${org}/budgets/${budget.id}`} className="font-medium text-indigo-700 hover:underline">
          {budget.name}
        </Link>
        <div className="text-xs text-slate-600">{describeScope(budget.scope)}</div>
        {budget.muted ? <Badge>Muted</Badge> : null}
      </Td>
      <Td className="whitespace-nowrap">
        {BUDGET_PERIOD_LABELS[budget.period]}
        <div className="text-xs text-slate-600">{budget.current.label}</div>
      </Td>
      <Td className="w-48">
        <BurnBar budget={budget} />
      </Td>
      <Td className="whitespace-nowrap text-right tabular-nums">
        {money(budget.current.actual)}
        <div className="text-xs text-slate-600">of {money(budget.amount)}</div>
      </Td>
      <Td className="whitespace-nowrap text-right tabular-nums">{budget.current.percent} %</Td>
      <Td className="whitespace-nowrap text-right tabular-nums">
        {money(budget.forecast.value)}
        <div className="text-xs text-slate-600">
          {money(budget.forecast.low)} – {money(budget.forecast.high)}
        </div>
      </Td>
      <Td className="whitespace-nowrap text-right tabular-nums">{days(budget.current.daysLeft)}</Td>
      <Td>
        <BudgetStateBadge state={budget.current.state} />
      </Td>
    </tr>
  );
}

export default async function BudgetsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "budgets:read", `/${org}/budgets`);
  const outcome = await listBudgets(actor).then(
    (budgets) => ({ budgets, problem: null }),
    (error: unknown) => {
      if (isAppError(error) && error.code === "missing_exchange_rate") return { budgets: [], problem: error.message };
      throw error;
    },
  );
  const canWrite = mayAtAll(actor, "budgets:write");
  return (
    <div className="max-w-7xl space-y-6">
      <PageHeader
        title="Budgets"
        description={`Spend against each budget this period, in ${actor.org.currency}, with the forecast to the period's end.${actor.role === "MANAGER" ? " You see your teams' budgets." : ""}`}
        actions={
          canWrite ? (
            <Link href={`/${org}/budgets/new`} className={buttonClass()}>
              <Plus aria-hidden className="size-4" />
              New budget
            </Link>
          ) : null
        }
      />
      {outcome.problem ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          {outcome.problem}
        </div>
      ) : null}
      <Card title="This period" description="The bar: spend so far (solid), the forecast to the period's end (faded), thresholds (ticks) and the amount (dark tick).">
        {outcome.budgets.length === 0 ? (
          <EmptyState>{canWrite ? "No budgets yet. Set one for a team, a workflow, a model, or the whole organization." : "No budgets yet."}</EmptyState>
        ) : (
          <Table caption="Budgets">
            <thead>
              <tr>
                <Th>Budget</Th>
                <Th>Period</Th>
                <Th>Burn</Th>
                <Th className="text-right">Actual</Th>
                <Th className="text-right">Used</Th>
                <Th className="text-right">Forecast</Th>
                <Th className="text-right">Left</Th>
                <Th>State</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {outcome.budgets.map((budget) => (
                <BudgetRow key={budget.id} org={org} budget={budget} />
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
