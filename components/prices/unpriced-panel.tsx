"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { mapModelRequest } from "@/components/prices/pricing-api";
import { RerateStatus } from "@/components/prices/rerate-status";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { ApiError } from "@/lib/api/client";
import { PROVIDER_LABELS } from "@/lib/ingest/providers";
import { formatCount } from "@/lib/money";
import type { RerateView, UnpricedRow } from "@/lib/pricing/schemas";

type CatalogModel = { provider: string; model: string };

/** Platforms that resell a developer's models price them at that developer's list price when they have no row. */
const RESELLERS = new Set(["aws-bedrock", "azure-openai"]);

/** The models a name of this provider can be mapped to: its own, and for resellers the developers'. */
function choicesFor(provider: string, models: CatalogModel[]): CatalogModel[] {
  const own = models.filter((entry) => entry.provider === provider || (RESELLERS.has(provider) && (entry.provider === "openai" || entry.provider === "anthropic")));
  return own.length ? own : models;
}

/** A guess at the catalog model an unknown name is closest to: the longest catalog name it contains. */
function guess(name: string, choices: CatalogModel[]): string {
  const lower = name.toLowerCase();
  const contained = choices.filter((entry) => lower.includes(entry.model)).sort((a, b) => b.model.length - a.model.length);
  return (contained[0] ?? choices[0])?.model ?? "";
}

function MapToModel({ org, row, models, onStarted }: { org: string; row: UnpricedRow; models: CatalogModel[]; onStarted: (run: RerateView) => void }) {
  const choices = choicesFor(row.provider, models);
  const [model, setModel] = useState(() => guess(row.model ?? "", choices));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const providers = [...new Set(choices.map((entry) => entry.provider))];
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          const result = await mapModelRequest(org, { provider: row.provider, alias: row.model ?? "", model });
          onStarted(result.rerate);
        } catch (caught) {
          setError(caught instanceof ApiError ? caught.message : "Could not map the model.");
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="text-xs font-medium text-slate-700">
        Price {row.model} as
        <select
          className="mt-1 block w-64 rounded-md border-0 bg-white px-2 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300"
          value={model}
          onChange={(event) => setModel(event.target.value)}
        >
          {providers.map((provider) => (
            <optgroup key={provider} label={PROVIDER_LABELS[provider] ?? provider}>
              {choices
                .filter((entry) => entry.provider === provider)
                .map((entry) => (
                  <option key={`${entry.provider}/${entry.model}`} value={entry.model}>
                    {entry.model}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <Button type="submit" size="sm" disabled={busy || !model}>
        Map and re-rate
      </Button>
      {error ? <p role="alert" className="w-full text-xs text-red-700">{error}</p> : null}
    </form>
  );
}

/** Usage the catalog cannot price, by model: never silently zero. Admins map a name to a catalog model. */
export function UnpricedPanel({ org, rows, models, canMap }: { org: string; rows: UnpricedRow[]; models: CatalogModel[]; canMap: boolean }) {
  const router = useRouter();
  const [mapping, setMapping] = useState<string | null>(null);
  const [runs, setRuns] = useState<RerateView[]>([]);
  const finished = useCallback(() => router.refresh(), [router]);
  const key = (row: UnpricedRow) => `${row.provider}/${row.model ?? ""}`;
  return (
    <div className="space-y-3">
      {runs.map((run) => (
        <RerateStatus key={run.id} org={org} run={run} onFinished={finished} />
      ))}
      {rows.length === 0 ? (
        <p className="flex items-center gap-2 text-sm text-slate-700">
          <Badge tone="emerald">all priced</Badge> Every token in the ledger has a price.
        </p>
      ) : (
        <div className="-mx-5 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Unpriced usage by model</caption>
            <thead>
              <tr className="text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <th scope="col" className="px-5 py-2">Model</th>
                <th scope="col" className="px-3 py-2">Provider</th>
                <th scope="col" className="px-3 py-2 text-right">Records</th>
                <th scope="col" className="px-3 py-2 text-right">Tokens</th>
                <th scope="col" className="px-3 py-2">Days</th>
                {canMap ? <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={key(row)} className="align-top" data-testid={`unpriced-${row.model ?? "none"}`}>
                  <td className="px-5 py-2.5 font-medium text-slate-900">{row.model ?? <span className="text-slate-600">no model named</span>}</td>
                  <td className="px-3 py-2.5">{PROVIDER_LABELS[row.provider] ?? row.provider}</td>
                  <td className="px-3 py-2.5 text-right tabular-nums">{formatCount(row.records)}</td>
                  <td className="px-3 py-2.5 text-right tabular-nums">{formatCount(row.tokens)}</td>
                  <td className="px-3 py-2.5 whitespace-nowrap">{row.firstDay === row.lastDay ? row.firstDay : `${row.firstDay} – ${row.lastDay}`}</td>
                  {canMap ? (
                    <td className="px-3 py-2.5">
                      {!row.model ? null : mapping === key(row) ? (
                        <MapToModel
                          org={org}
                          row={row}
                          models={models}
                          onStarted={(run) => {
                            setMapping(null);
                            setRuns((current) => [run, ...current]);
                          }}
                        />
                      ) : (
                        <Button size="sm" variant="secondary" onClick={() => setMapping(key(row))}>
                          Map to model
                        </Button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
