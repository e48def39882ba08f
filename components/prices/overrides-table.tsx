"use client";

import { useState, useTransition } from "react";
import { deleteOverrideAction } from "@/app/(app)/[org]/prices/actions";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { PROVIDER_LABELS } from "@/lib/ingest/providers";
import { formatMoney } from "@/lib/money";
import { TOKEN_TYPE_LABELS, type OverrideView } from "@/lib/pricing/schemas";

function describe(override: OverrideView): string {
  if (override.discountPercent !== null) return `${override.discountPercent} % off list`;
  return `${formatMoney(override.pricePerMillion ?? "0", "USD", { precise: true })} per million ${TOKEN_TYPE_LABELS[override.tokenType!].toLowerCase()} tokens`;
}

export function OverridesTable({ org, overrides, canEdit }: { org: string; overrides: OverrideView[]; canEdit: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  if (overrides.length === 0) return <EmptyState>No contract prices: estimates use list prices.</EmptyState>;
  return (
    <div className="space-y-2">
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      <div className="-mx-5 overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Contract prices</caption>
          <thead>
            <tr className="text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <th scope="col" className="px-5 py-2">Applies to</th>
              <th scope="col" className="px-3 py-2">Price</th>
              <th scope="col" className="px-3 py-2">Valid</th>
              <th scope="col" className="px-3 py-2">Note</th>
              {canEdit ? <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {overrides.map((override) => (
              <tr key={override.id}>
                <td className="px-5 py-2.5">
                  {PROVIDER_LABELS[override.provider] ?? override.provider}
                  {override.model ? ` · ${override.model}` : " · every model"}
                  {override.serviceTier ? ` · ${override.serviceTier}` : ""}
                </td>
                <td className="px-3 py-2.5">{describe(override)}</td>
                <td className="px-3 py-2.5 whitespace-nowrap">
                  {override.validFrom}
                  {override.validTo ? ` to ${override.validTo}` : " on"}
                </td>
                <td className="px-3 py-2.5 text-slate-700">{override.note}</td>
                {canEdit ? (
                  <td className="px-3 py-2.5 text-right">
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={pending}
                      onClick={() => {
                        if (!window.confirm("Delete this contract price? Re-rate its days afterwards to go back to list prices.")) return;
                        startTransition(async () => {
                          const result = await deleteOverrideAction(org, override.id);
                          setError(result.ok ? undefined : result.message);
                        });
                      }}
                    >
                      Delete
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
