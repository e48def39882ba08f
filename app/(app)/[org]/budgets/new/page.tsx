import type { Metadata } from "next";
import Link from "next/link";
import { BudgetFormLoader } from "@/components/budgets/budget-form-loader";
import { Card, PageHeader } from "@/components/ui/card";
import { pageActorWith } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "New budget" };

export default async function NewBudgetPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "budgets:write", `/${org}/budgets/new`);
  return (
    <div className="max-w-3xl space-y-6">
      <p className="text-sm">
        <Link href={`/${org}/budgets`} className="text-indigo-700 hover:underline">
          ← Budgets
        </Link>
      </p>
      <PageHeader title="New budget" description={actor.role === "MANAGER" ? "For a team you manage, or one of its workflows." : "For the whole organization, a team, a workflow, a provider or a model, or a combination."} />
      <Card>
        <BudgetFormLoader actor={actor} />
      </Card>
    </div>
  );
}
