"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OutcomePoint } from "@/components/outcomes/prepare-outcome-chart";
import { compactNumber } from "@/lib/charts/prepare";
import { formatMoney } from "@/lib/money";

// Costs per outcome are often below a dollar ($0.02 a ticket): compact labels would all read "$0".
const tick = (value: number, currency: string) =>
  Math.abs(value) >= 1 || value === 0 ? compactNumber(value, currency) : new Intl.NumberFormat("en-US", { style: "currency", currency, maximumSignificantDigits: 2 }).format(value);

const exactCost = (point: OutcomePoint, currency: string) => (point.exact.costPerOutcome === null ? "no outcomes" : formatMoney(point.exact.costPerOutcome, currency));

/** A workflow's cost per outcome, bucket by bucket; the table below carries the same figures for screen readers. */
export function CostPerOutcomeChart({ points, currency, title }: { points: OutcomePoint[]; currency: string; title: string }) {
  return (
    <figure aria-label={title}>
      <div className="h-56" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="start" tick={{ fontSize: 11, fill: "#475569" }} minTickGap={24} />
            <YAxis domain={[0, "auto"]} tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={(value: number) => tick(value, currency)} width={72} />
            <Tooltip
              formatter={(_value, _name, item) => {
                const point = (item as { payload: OutcomePoint }).payload;
                return [`${exactCost(point, currency)} (${formatMoney(point.exact.spend, currency)} for ${point.exact.outcomes})`, "Cost per outcome"];
              }}
            />
            <Line dataKey="costPerOutcome" name="Cost per outcome" stroke="#4f46e5" strokeWidth={2} dot={points.length <= 31 ? { r: 2 } : false} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Spend</th>
              <th scope="col">Outcomes</th>
              <th scope="col">Cost per outcome</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.start}>
                <th scope="row">{point.start}</th>
                <td>{formatMoney(point.exact.spend, currency)}</td>
                <td>{point.exact.outcomes}</td>
                <td>{exactCost(point, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
