"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { pricesQuery } from "@/components/prices/pricing-api";
import { Badge, EmptyState } from "@/components/ui/card";
import { PROVIDER_LABELS } from "@/lib/ingest/providers";
import { formatMoney } from "@/lib/money";
import { TOKEN_TYPES, TOKEN_TYPE_LABELS, type PriceView } from "@/lib/pricing/schemas";

function price(value: string | null, currency: string) {
  return value === null ? <span className="text-slate-500">—</span> : formatMoney(value, currency, { precise: true });
}

const tierLabel = (row: PriceView) => `${row.serviceTier}${row.contextTier ? `, ${row.contextTier.replace("_", " ")}` : ""}`;

function PriceRows({ rows, past }: { rows: PriceView[]; past?: boolean }) {
  return rows.map((row) => (
    <tr key={`${row.serviceTier}/${row.contextTier}/${row.validFrom}`} className={past ? "text-slate-600" : undefined}>
      <td className="px-3 py-1.5 whitespace-nowrap">{tierLabel(row)}</td>
      {TOKEN_TYPES.map((type) => (
        <td key={type} className="px-3 py-1.5 text-right tabular-nums">
          {price(row[type], row.currency)}
        </td>
      ))}
      <td className="px-3 py-1.5 whitespace-nowrap">{row.unit ? `${price(row.unitPrice, row.currency)} / ${row.unit}` : null}</td>
      <td className="px-3 py-1.5 whitespace-nowrap">
        {row.validFrom}
        {row.validTo ? ` to ${row.validTo}` : " on"}
      </td>
    </tr>
  ));
}

function ModelPrices({ rows }: { rows: PriceView[] }) {
  const first = rows[0]!;
  const current = rows.filter((row) => row.current);
  const other = rows.filter((row) => !row.current);
  const source = (current[0] ?? first).source;
  return (
    <article className="rounded-md border border-slate-200" data-testid={`price-${first.provider}/${first.model}`}>
      <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <h3 className="font-medium text-slate-900">
          {first.model} <span className="text-sm font-normal text-slate-600">· {PROVIDER_LABELS[first.provider] ?? first.provider}</span>
        </h3>
        <p className="text-xs text-slate-600">
          {source.startsWith("http") ? (
            <a className="underline decoration-slate-300 hover:text-slate-900" href={source} target="_blank" rel="noreferrer">
              source
            </a>
          ) : (
            source
          )}{" "}
          · checked {(current[0] ?? first).checkedAt}
          {(current[0] ?? first).origin === "import" ? <Badge tone="indigo">imported</Badge> : null}
        </p>
      </header>
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Prices of {first.model} per million tokens</caption>
          <thead>
            <tr className="text-left text-xs font-semibold text-slate-600">
              <th scope="col" className="px-3 py-1.5">Tier</th>
              {TOKEN_TYPES.map((type) => (
                <th key={type} scope="col" className="px-3 py-1.5 text-right">
                  {TOKEN_TYPE_LABELS[type]}
                </th>
              ))}
              <th scope="col" className="px-3 py-1.5">Per unit</th>
              <th scope="col" className="px-3 py-1.5">Valid</th>
            </tr>
          </thead>
          <tbody>
            <PriceRows rows={current} />
          </tbody>
        </table>
      </div>
      {other.length ? (
        <details className="border-t border-slate-100 px-3 py-1.5 text-sm">
          <summary className="cursor-pointer text-slate-700">Price history ({other.length} other)</summary>
          <table className="mt-1 min-w-full text-sm">
            <caption className="sr-only">Earlier and later prices of {first.model}</caption>
            <tbody>
              <PriceRows rows={other} past />
            </tbody>
          </table>
        </details>
      ) : null}
    </article>
  );
}

const SHOWN = 60;

/** Search the catalog by model name, alias, display name or Bedrock id; prices per million tokens, with history. */
export function PriceCatalog({ org, initial }: { org: string; initial: PriceView[] }) {
  const [search, setSearch] = useState("");
  const term = useDeferredValue(search.trim());
  const { data: prices = [], isFetching, error } = useQuery({
    ...pricesQuery(org, term),
    initialData: term === "" ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const models = new Map<string, PriceView[]>();
  for (const row of prices) models.set(`${row.provider}/${row.model}`, [...(models.get(`${row.provider}/${row.model}`) ?? []), row]);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <label className="sr-only" htmlFor="price-search">
          Search models
        </label>
        <input
          id="price-search"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Search: gpt-4o, Claude Haiku 4.5, a Bedrock ARN…"
          className="block w-full max-w-md rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500"
        />
        <span className="text-sm text-slate-600" aria-live="polite">
          {isFetching ? "Searching…" : `${models.size} models`}
        </span>
      </div>
      {error ? <p role="alert" className="text-sm text-red-700">{error.message}</p> : null}
      {models.size === 0 && !isFetching ? <EmptyState>No model matches “{term}”.</EmptyState> : null}
      {models.size > SHOWN ? (
        <p className="text-sm text-slate-600">
          Showing {SHOWN} of {models.size} models; search to narrow the list.
        </p>
      ) : null}
      <div className="space-y-3">
        {[...models.values()].slice(0, SHOWN).map((rows) => (
          <ModelPrices key={`${rows[0]!.provider}/${rows[0]!.model}`} rows={rows} />
        ))}
      </div>
    </div>
  );
}
