import type { Metadata } from "next";
import Link from "next/link";
import { BudgetFormLoader } from "@/components/budgets/budget-form-loader";
import { budgetOrNotFound } from "@/components/budgets/budget-or-not-found";
import { Card, PageHeader } from "@/components/ui/card";
import { pageActorWith } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Change budget" };

export default async function EditBudgetPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const actor = await pageActorWith(org, "budgets:write", `/${org}/budgets/${id}/edit`);
  const budget = await budgetOrNotFound(actor, id);
  return (
    <div className="max-w-3xl space-y-6">
      <p className="text-sm">
        <Link href={`/${org}/budgets/${id}`} className="text-indigo-700 hover:underline">
          ← {budget.name}
        </Link>
      </p>
      <PageHeader title="Change budget" description="Raising the amount re-arms the thresholds it brings spend back under: they can fire again this period." />
      <Card>
        <BudgetFormLoader actor={actor} budget={budget} />
      </Card>
    </div>
  );
}
