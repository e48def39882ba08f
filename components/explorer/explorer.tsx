"use client";

import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import Decimal from "decimal.js";
import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { LazyStackedBars } from "@/components/charts/lazy";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/lib/api/client";
import {
  DIMENSIONS,
  dimensionLabel,
  GRANULARITIES,
  METRIC_LABELS,
  METRICS,
  MONEY_METRICS,
  PRESET_LABELS,
  PRESETS,
  TOKEN_METRICS,
  type Dimension,
  type ExplorerResult,
  type ExplorerRow,
} from "@/lib/analytics/schemas";
import { toSearchParams, type ExplorerView } from "@/lib/analytics/url";
import { OTHER_KEY, stackedSeries } from "@/lib/charts/prepare";
import { formatCount, formatMoney } from "@/lib/money";

// The explorer: every control writes the URL (a shared link shows the same view), the server answers it. Clicking
// a chart segment or a row drills in: it becomes a filter and the next dimension becomes the grouping.

const DRILL: Dimension[] = ["team", "workflow", "model", "provider", "service_tier", "project", "api_key", "provider_user"];
const select = "rounded-md border-0 bg-white px-2 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300";

/** The API's URL for a view: the same query string as the page, with the organization. */
function explorerApiUrl(org: string, view: ExplorerView, extra: Record<string, string> = {}): string {
  const params = toSearchParams(view);
  params.set("org", org);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `/api/v1/explorer?${params.toString()}`;
}

function nextDimension(view: ExplorerView, dimension: Dimension): Dimension {
  const used = new Set<Dimension>([...view.groupBy, ...(Object.keys(view.filters) as Dimension[])]);
  return DRILL.slice(DRILL.indexOf(dimension) + 1).find((candidate) => !used.has(candidate)) ?? DRILL.find((candidate) => !used.has(candidate)) ?? "model";
}

function formatValue(value: string | null, result: ExplorerResult): string {
  if (value === null) return "—";
  return MONEY_METRICS.has(result.query.metric) ? formatMoney(value, result.currency, { precise: result.query.metric.startsWith("cost_per") }) : formatCount(Number(value));
}

function Change({ change }: { change: string | null }) {
  if (change === null) return <span className="text-slate-500">—</span>;
  const value = new Decimal(change).times(100);
  return <span className={value.isNegative() ? "text-emerald-700" : value.isZero() ? "text-slate-700" : "text-red-700"}>{`${value.isNegative() ? "−" : "+"}${value.abs().toDecimalPlaces(1).toFixed()} %`}</span>;
}

function FilterEditor({ org, view, onApply }: { org: string; view: ExplorerView; onApply: (dimension: Dimension, values: string[]) => void }) {
  const [dimension, setDimension] = useState<Dimension | "" | "tag">("");
  const [tagKey, setTagKey] = useState("");
  const [options, setOptions] = useState<{ value: string; label: string }[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const effective = dimension === "tag" ? (`tag:${tagKey}` as Dimension) : dimension;
  async function load(target: Dimension) {
    setError(undefined);
    setOptions(null);
    try {
      // The values present in the current period (other filters left out, so none hides another's values).
      const result = await api<ExplorerResult>(explorerApiUrl(org, { ...view, filters: {}, groupBy: [target], compare: false, metric: view.metric === "tokens" ? "effective" : view.metric }));
      setOptions(result.rows.map((row) => ({ value: row.group[0]!.value ?? "", label: row.group[0]!.label })));
      setChosen(view.filters[target] ?? []);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load the values.");
    }
  }
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3" role="group" aria-label="Add a filter">
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-xs font-medium text-slate-700">
          Filter on
          <select
            className={`mt-1 block ${select}`}
            value={dimension}
            onChange={(event) => {
              const value = event.target.value as Dimension | "" | "tag";
              setDimension(value);
              if (value && value !== "tag") void load(value);
            }}
          >
            <option value="">Pick a dimension</option>
            {DIMENSIONS.filter((entry) => entry !== "token_type").map((entry) => (
              <option key={entry} value={entry}>
                {dimensionLabel(entry)}
              </option>
            ))}
            <option value="tag">Tag…</option>
          </select>
        </label>
        {dimension === "tag" ? (
          <>
            <label className="text-xs font-medium text-slate-700">
              Tag key
              <input className={`mt-1 block ${select}`} value={tagKey} onChange={(event) => setTagKey(event.target.value)} />
            </label>
            <Button size="sm" variant="secondary" disabled={!tagKey} onClick={() => void load(`tag:${tagKey}` as Dimension)}>
              Load values
            </Button>
          </>
        ) : null}
      </div>
      {error ? <p role="alert" className="text-xs text-red-700">{error}</p> : null}
      {options ? (
        <fieldset>
          <legend className="sr-only">Values of {effective ? dimensionLabel(effective as Dimension) : ""}</legend>
          <div className="max-h-48 space-y-1 overflow-y-auto">
            {options.map((option) => (
              <label key={option.value} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={chosen.includes(option.value)}
                  onChange={(event) => setChosen(event.target.checked ? [...chosen, option.value] : chosen.filter((value) => value !== option.value))}
                />
                {option.label}
              </label>
            ))}
          </div>
          <Button size="sm" className="mt-2" disabled={chosen.length === 0 || !effective} onClick={() => onApply(effective as Dimension, chosen)}>
            Apply filter
          </Button>
        </fieldset>
      ) : null}
    </div>
  );
}

export function Explorer({ org, view, result, labels }: { org: string; view: ExplorerView; result: ExplorerResult; labels: Record<string, Record<string, string>> }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [adding, setAdding] = useState(false);
  const [sorting, setSorting] = useState<SortingState>([]);
  const go = (next: ExplorerView) => startTransition(() => router.push(`${pathname}?${toSearchParams(next).toString()}`));
  const groupBy = result.query.groupBy;

  const drill = (row: ExplorerRow) => {
    const dimension = groupBy[0];
    if (!dimension || row.key === OTHER_KEY) return;
    const value = row.group[0]!.value ?? "";
    go({ ...view, filters: { ...view.filters, [dimension]: [value] }, groupBy: [nextDimension(view, dimension)] });
  };

  const helper = createColumnHelper<ExplorerRow>();
  const columns = useMemo(
    () => [
      ...groupBy.map((dimension, index) =>
        helper.accessor((row) => row.group[index]?.label ?? "", {
          id: `g${index}`,
          header: dimensionLabel(dimension),
          cell: (info) =>
            index === 0 ? (
              <button type="button" className="text-left text-indigo-700 hover:underline" onClick={() => drill(info.row.original)} title="Drill in">
                {info.getValue()}
              </button>
            ) : (
              info.getValue()
            ),
          footer: index === 0 ? "Total" : "",
        }),
      ),
      helper.accessor((row) => Number(row.value), {
        id: "value",
        header: METRIC_LABELS[result.query.metric],
        cell: (info) => <span className="tabular-nums">{formatValue(info.row.original.value, result)}</span>,
        footer: () => <span className="tabular-nums" data-testid="explorer-total">{formatValue(result.total.value, result)}</span>,
      }),
      ...(result.previousRange
        ? [
            helper.accessor((row) => (row.previous === null ? -Infinity : Number(row.previous)), {
              id: "previous",
              header: `Previous (${result.previousRange.from} – ${result.previousRange.to})`,
              cell: (info) => <span className="tabular-nums">{formatValue(info.row.original.previous, result)}</span>,
              footer: () => <span className="tabular-nums">{formatValue(result.total.previous, result)}</span>,
            }),
            helper.accessor((row) => (row.change === null ? -Infinity : Number(row.change)), {
              id: "change",
              header: "Change",
              cell: (info) => <Change change={info.row.original.change} />,
              footer: () => <Change change={result.total.change} />,
            }),
          ]
        : []),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [result],
  );
  // TanStack Table v8 returns functions React Compiler cannot memoize; this component is not compiler-memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data: result.rows, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  const chart = stackedSeries(result, 8);
  const csvHref = explorerApiUrl(org, view, { format: "csv" });

  return (
    <div className="space-y-4" aria-busy={pending}>
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <label className="text-xs font-medium text-slate-700">
          Period
          <select className={`mt-1 block ${select}`} value={view.range} onChange={(event) => go({ ...view, range: event.target.value as ExplorerView["range"], from: result.query.from, to: result.query.to })}>
            {PRESETS.map((preset) => (
              <option key={preset} value={preset}>
                {PRESET_LABELS[preset]}
              </option>
            ))}
            <option value="custom">Custom</option>
          </select>
        </label>
        {view.range === "custom" ? (
          <>
            <label className="text-xs font-medium text-slate-700">
              From
              <input type="date" className={`mt-1 block ${select}`} defaultValue={result.query.from} onBlur={(event) => event.target.value && go({ ...view, from: event.target.value, to: view.to ?? result.query.to })} />
            </label>
            <label className="text-xs font-medium text-slate-700">
              To
              <input type="date" className={`mt-1 block ${select}`} defaultValue={result.query.to} onBlur={(event) => event.target.value && go({ ...view, to: event.target.value, from: view.from ?? result.query.from })} />
            </label>
          </>
        ) : null}
        {[0, 1].map((index) => (
          <label key={index} className="text-xs font-medium text-slate-700">
            {index === 0 ? "Group by" : "Then by"}
            <select
              className={`mt-1 block ${select}`}
              value={groupBy[index] ?? ""}
              onChange={(event) => {
                const next = [...view.groupBy];
                if (event.target.value) next[index] = event.target.value as Dimension;
                else next.splice(index, 1);
                const metric = next.includes("token_type") && !TOKEN_METRICS.has(view.metric) ? "tokens" : view.metric;
                go({ ...view, groupBy: [...new Set(next.filter(Boolean))], metric });
              }}
            >
              <option value="">{index === 0 ? "Nothing (total)" : "—"}</option>
              {DIMENSIONS.map((dimension) => (
                <option key={dimension} value={dimension}>
                  {dimensionLabel(dimension)}
                </option>
              ))}
              {groupBy[index]?.startsWith("tag:") ? <option value={groupBy[index]}>{dimensionLabel(groupBy[index]!)}</option> : null}
            </select>
          </label>
        ))}
        <label className="text-xs font-medium text-slate-700">
          Metric
          <select className={`mt-1 block ${select}`} value={view.metric} onChange={(event) => go({ ...view, metric: event.target.value as ExplorerView["metric"] })}>
            {METRICS.map((metric) => (
              <option key={metric} value={metric} disabled={groupBy.includes("token_type") && !TOKEN_METRICS.has(metric)}>
                {METRIC_LABELS[metric]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-700">
          Granularity
          <select className={`mt-1 block ${select}`} value={view.granularity} onChange={(event) => go({ ...view, granularity: event.target.value as ExplorerView["granularity"] })}>
            {GRANULARITIES.map((granularity) => (
              <option key={granularity} value={granularity}>
                {granularity}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={view.compare} onChange={(event) => go({ ...view, compare: event.target.checked })} /> Compare with previous period
        </label>
        <a className="ml-auto rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50" href={csvHref} download>
          Export CSV
        </a>
      </div>

      <div className="flex flex-wrap items-center gap-2" aria-label="Filters">
        {(Object.entries(view.filters) as [Dimension, string[]][]).map(([dimension, values]) => (
          <span key={dimension} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-3 py-1 text-sm text-indigo-900 ring-1 ring-inset ring-indigo-200" data-testid={`filter-${dimension}`}>
            {dimensionLabel(dimension)}: {values.map((value) => labels[dimension]?.[value] ?? (value === "" ? "none" : value)).join(", ")}
            <button
              type="button"
              className="ml-1 text-indigo-700 hover:text-indigo-950"
              aria-label={`Remove the ${dimensionLabel(dimension)} filter`}
              onClick={() => {
                const filters = { ...view.filters };
                delete filters[dimension];
                go({ ...view, filters });
              }}
            >
              ×
            </button>
          </span>
        ))}
        <Button size="sm" variant="secondary" onClick={() => setAdding(!adding)}>
          {adding ? "Close" : "Add filter"}
        </Button>
        {result.scopedToTeams ? <span className="text-xs text-slate-600">Showing the teams you manage.</span> : null}
        <span className="text-xs text-slate-500">
          {result.query.from} – {result.query.to} · from {result.source === "ledger" ? "the ledger (tags)" : "daily rollups"}
        </span>
      </div>
      {adding ? (
        <FilterEditor
          org={org}
          view={view}
          onApply={(dimension, values) => {
            setAdding(false);
            go({ ...view, filters: { ...view.filters, [dimension]: values } });
          }}
        />
      ) : null}

      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <LazyStackedBars
          series={chart.series}
          data={chart.data}
          unit={MONEY_METRICS.has(result.query.metric) ? { kind: "money", currency: result.currency } : { kind: "count" }}
          title={`${METRIC_LABELS[result.query.metric]} by ${groupBy.map(dimensionLabel).join(" and ") || "total"}, per ${result.query.granularity}`}
          onSelect={(key) => {
            const row = result.rows.find((entry) => entry.key === key);
            if (row) drill(row);
          }}
        />
      </div>

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="explorer-table">
          <caption className="sr-only">Explorer results</caption>
          <thead>
            {table.getHeaderGroups().map((headerGroup) => (
              <tr key={headerGroup.id}>
                {headerGroup.headers.map((header) => (
                  <th key={header.id} scope="col" className="px-4 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600" aria-sort={header.column.getIsSorted() === "asc" ? "ascending" : header.column.getIsSorted() === "desc" ? "descending" : "none"}>
                    <button type="button" className="uppercase hover:text-slate-900" onClick={header.column.getToggleSortingHandler()}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      {header.column.getIsSorted() === "asc" ? " ▲" : header.column.getIsSorted() === "desc" ? " ▼" : ""}
                    </button>
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-testid="explorer-row">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-4 py-2">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
            {result.rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-4 py-6 text-center text-slate-600">
                  No spend matches.
                </td>
              </tr>
            ) : null}
          </tbody>
          <tfoot className="border-t-2 border-slate-200 font-medium">
            {table.getFooterGroups().map((footerGroup) => (
              <tr key={footerGroup.id}>
                {footerGroup.headers.map((header) => (
                  <td key={header.id} className="px-4 py-2">
                    {flexRender(header.column.columnDef.footer, header.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tfoot>
        </table>
        {result.truncated ? <p className="px-4 py-2 text-xs text-slate-600">The first 5,000 groups are shown; filter to see the rest.</p> : null}
      </div>
    </div>
  );
}
