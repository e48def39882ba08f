"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { ComparisonBar } from "@/components/what-if/prepare-comparison";
import { compactNumber } from "@/lib/charts/prepare";
import { formatMoney } from "@/lib/money";

function ChartTooltip({ active, payload, currency }: TooltipContentProps<number, string> & { currency: string }) {
  if (!active || !payload?.length) return null;
  const bar = payload[0]!.payload as ComparisonBar;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-sm">
      <p className="font-medium text-slate-900">{bar.label}</p>
      <p className="tabular-nums text-slate-900">{formatMoney(bar.exact, currency)} per 30 days</p>
    </div>
  );
}

/** Today's cost against the projection, per 30 days. The table below carries the same figures for screen readers. */
export function ComparisonChart({ bars, currency, title }: { bars: ComparisonBar[]; currency: string; title: string }) {
  return (
    <figure aria-label={title}>
      <div className="h-48" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={bars} layout="vertical" margin={{ top: 8, right: 24, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
            <XAxis type="number" tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={(value: number) => compactNumber(value, currency)} />
            <YAxis type="category" dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} width={120} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} content={(props) => <ChartTooltip {...(props as TooltipContentProps<number, string>)} currency={currency} />} />
            <Bar dataKey="value" isAnimationActive={false} barSize={28}>
              {bars.map((bar) => (
                <Cell key={bar.key} fill={bar.color} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td>{formatMoney(bar.exact, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
