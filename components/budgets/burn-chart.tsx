"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { BurnChart as BurnChartData, BurnPoint } from "@/components/budgets/prepare-burn";
import { compactNumber } from "@/lib/charts/prepare";
import { formatMoney } from "@/lib/money";

const COLUMNS = ["Day", "Spent so far", "Forecast", "Forecast range"];

function ChartTooltip({ active, payload, label, currency }: TooltipContentProps<number, string> & { currency: string }) {
  if (!active || !payload?.length) return null;
  const { exact } = payload[0]!.payload as BurnPoint;
  const rows = [
    ["Spent so far", exact.actual],
    ["Forecast", exact.forecast],
    ["Range", exact.low && exact.high ? `${formatMoney(exact.low, currency)} – ${formatMoney(exact.high, currency)}` : undefined],
  ] as const;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-sm">
      <p className="mb-1 font-medium text-slate-900">{label}</p>
      {rows.map(([name, value]) =>
        value ? (
          <p key={name} className="flex justify-between gap-4">
            <span>{name}</span>
            <span className="tabular-nums text-slate-900">{name === "Range" ? value : formatMoney(value, currency)}</span>
          </p>
        ) : null,
      )}
    </div>
  );
}

/**
 * The period so far, cumulative, against the budget line; the forecast's path from today to the period's end with
 * its range as a band; thresholds as dashed lines. The table below carries the same figures for screen readers.
 */
export function BurnChart({ chart, currency, title }: { chart: BurnChartData; currency: string; title: string }) {
  return (
    <figure aria-label={title}>
      <div className="h-72" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart accessibilityLayer={false} data={chart.data} margin={{ top: 16, right: 48, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="day" tick={{ fontSize: 11, fill: "#475569" }} minTickGap={24} />
            <YAxis domain={[0, chart.top]} tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={(value: number) => compactNumber(value, currency)} width={64} allowDataOverflow />
            <Tooltip content={(props) => <ChartTooltip {...(props as TooltipContentProps<number, string>)} currency={currency} />} />
            <Legend formatter={(value: string) => <span className="text-xs text-slate-700">{value}</span>} />
            <Area dataKey="range" name="Forecast range" fill="#c7d2fe" fillOpacity={0.6} stroke="none" connectNulls isAnimationActive={false} />
            <Line dataKey="actual" name="Spent so far" stroke="#4f46e5" strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
            <Line dataKey="forecast" name="Forecast" stroke="#4f46e5" strokeWidth={2} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
            {chart.thresholds.map((threshold) => (
              <ReferenceLine key={threshold.percent} y={threshold.value} stroke="#d97706" strokeDasharray="3 3" label={{ value: `${threshold.percent} %`, position: "right", fontSize: 11, fill: "#92400e" }} />
            ))}
            <ReferenceLine y={chart.amount} stroke="#b91c1c" strokeWidth={1.5} label={{ value: "Budget", position: "right", fontSize: 11, fill: "#991b1b" }} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {/* In a div: a table will not shrink to sr-only's 1px, and a year of days would lengthen the page. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {chart.data.map((point) => (
              <tr key={point.day}>
                <th scope="row">{point.day}</th>
                <td>{point.exact.actual ? formatMoney(point.exact.actual, currency) : "—"}</td>
                <td>{point.exact.forecast ? formatMoney(point.exact.forecast, currency) : "—"}</td>
                <td>{point.exact.low && point.exact.high ? `${formatMoney(point.exact.low, currency)} – ${formatMoney(point.exact.high, currency)}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
