"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { compactNumber, type StackDatum, type StackSeries } from "@/lib/charts/prepare";
import { formatCount, formatMoney } from "@/lib/money";

export type Unit = { kind: "money"; currency: string } | { kind: "count" };

const format = (value: string, unit: Unit) => (unit.kind === "money" ? formatMoney(value, unit.currency) : formatCount(Number(value)));

function ChartTooltip({ active, payload, label, series, unit }: TooltipContentProps<number, string> & { series: StackSeries[]; unit: Unit }) {
  if (!active || !payload?.length) return null;
  const datum = payload[0]!.payload as StackDatum;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-sm">
      <p className="mb-1 font-medium text-slate-900">{label}</p>
      {[...series].reverse().map((entry) =>
        datum.exact[entry.key] ? (
          <p key={entry.key} className="flex justify-between gap-4">
            <span style={{ color: entry.color }}>{entry.label}</span>
            <span className="tabular-nums text-slate-900">{format(datum.exact[entry.key]!, unit)}</span>
          </p>
        ) : null,
      )}
      <p className="mt-1 flex justify-between gap-4 border-t border-slate-100 pt-1 font-medium">
        <span>Total</span>
        <span className="tabular-nums">{format(datum.total, unit)}</span>
      </p>
    </div>
  );
}

/**
 * Stacked bars per time bucket. The same figures are in a table for screen readers (and in the tooltip exactly);
 * clicking a segment calls onSelect with its series key (the explorer drills in).
 */
export function StackedBars({ series, data, unit, title, onSelect, height = 260 }: {
  series: StackSeries[];
  data: StackDatum[];
  unit: Unit;
  title: string;
  onSelect?: (key: string) => void;
  height?: number;
}) {
  return (
    <figure aria-label={title}>
      <div style={{ height }} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="bucket" tick={{ fontSize: 11, fill: "#475569" }} minTickGap={16} />
            <YAxis tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={(value: number) => compactNumber(value, unit.kind === "money" ? unit.currency : undefined)} width={64} />
            <Tooltip content={(props) => <ChartTooltip {...(props as TooltipContentProps<number, string>)} series={series} unit={unit} />} />
            <Legend formatter={(value: string) => <span className="text-xs text-slate-700">{value}</span>} />
            {series.map((entry) => (
              <Bar
                key={entry.key}
                dataKey={entry.key}
                name={entry.label}
                stackId="stack"
                fill={entry.color}
                cursor={onSelect ? "pointer" : undefined}
                onClick={onSelect ? () => onSelect(entry.key) : undefined}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {series.map((entry) => (
              <th key={entry.key} scope="col">
                {entry.label}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {data.map((datum) => (
            <tr key={datum.bucket}>
              <th scope="row">{datum.bucket}</th>
              {series.map((entry) => (
                <td key={entry.key}>{format(datum.exact[entry.key] ?? "0", unit)}</td>
              ))}
              <td>{format(datum.total, unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
