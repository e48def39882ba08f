"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { compactNumber } from "@/lib/charts/prepare";
import { formatCount, formatMoney } from "@/lib/money";

type Month = { month: string; spend: string; tokens: string; perMillion: string | null };

/**
 * Twelve months of spend, tokens and the effective price per million tokens on one chart: a falling unit price
 * with rising spend (the Jevons effect) shows at a glance. The table below it carries the same figures.
 */
export function UnitEconomics({ months, currency }: { months: Month[]; currency: string }) {
  const data = months.map((month) => ({ ...month, spendValue: Number(month.spend), tokensValue: Number(month.tokens), priceValue: month.perMillion === null ? null : Number(month.perMillion) }));
  return (
    <figure aria-label="Spend, tokens and price per million tokens by month">
      <div className="h-64" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="month" tick={{ fontSize: 11, fill: "#475569" }} />
            <YAxis yAxisId="tokens" orientation="right" tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={(value: number) => compactNumber(value)} width={56} />
            <YAxis yAxisId="spend" orientation="left" tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={(value: number) => compactNumber(value, currency)} width={64} />
            <YAxis yAxisId="price" orientation="right" hide width={0} domain={[0, "auto"]} />
            <Tooltip
              formatter={(value, name, item) => {
                const month = (item as { payload: Month }).payload;
                if (name === "Tokens") return [formatCount(Number(month.tokens)), name];
                if (name === "Spend") return [formatMoney(month.spend, currency), name];
                return [month.perMillion === null ? "—" : formatMoney(month.perMillion, currency, { precise: true }), name];
              }}
            />
            <Legend formatter={(value: string) => <span className="text-xs text-slate-700">{value}</span>} />
            <Bar yAxisId="tokens" dataKey="tokensValue" name="Tokens" fill="#c7d2fe" isAnimationActive={false} />
            <Line yAxisId="spend" dataKey="spendValue" name="Spend" stroke="#4f46e5" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line yAxisId="price" dataKey="priceValue" name="Price per million tokens" stroke="#e69f00" strokeWidth={2} strokeDasharray="5 3" dot={false} connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Spend, tokens and price per million tokens by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Spend</th>
            <th scope="col">Tokens</th>
            <th scope="col">Price per million tokens</th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.month}>
              <th scope="row">{month.month}</th>
              <td>{formatMoney(month.spend, currency)}</td>
              <td>{formatCount(Number(month.tokens))}</td>
              <td>{month.perMillion === null ? "—" : formatMoney(month.perMillion, currency, { precise: true })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
