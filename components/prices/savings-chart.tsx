"use client";

import Decimal from "decimal.js";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/money";
import type { SavingsMonth } from "@/lib/pricing/queries";

/** Priced usage per month at list prices against the contract's, and what the contract saved. */
export function SavingsChart({ months, currency }: { months: SavingsMonth[]; currency: string }) {
  const rows = months.filter((month) => month.currency === currency);
  const list = rows.reduce((sum, row) => sum.plus(row.list), new Decimal(0));
  const contract = rows.reduce((sum, row) => sum.plus(row.contract), new Decimal(0));
  const saved = list.minus(contract);
  const otherCurrencies = [...new Set(months.map((month) => month.currency).filter((value) => value !== currency))];
  if (rows.length === 0) return <p className="text-sm text-slate-600">No priced usage in {currency} in the last twelve months.</p>;
  // Numbers only for plotting; every figure shown as text comes from the decimal strings.
  const data = rows.map((row) => ({ month: row.month, list: Number(row.list), contract: Number(row.contract) }));
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-800" data-testid="saved-vs-list">
        {saved.isZero() ? (
          <>No contract savings: usage is estimated at list prices ({formatMoney(list.toFixed(), currency)} over twelve months).</>
        ) : (
          <>
            Saved <strong>{formatMoney(saved.toFixed(), currency)}</strong> against list prices over twelve months: {formatMoney(contract.toFixed(), currency)} instead of{" "}
            {formatMoney(list.toFixed(), currency)} ({saved.dividedBy(list).times(100).toFixed(1)} %).
          </>
        )}
        {otherCurrencies.length ? <span className="text-slate-600"> Usage in {otherCurrencies.join(", ")} is not included.</span> : null}
      </p>
      <div className="h-56" role="img" aria-label={`Estimated cost per month at list and contract prices, in ${currency}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="month" tick={{ fontSize: 12, fill: "#475569" }} />
            <YAxis tick={{ fontSize: 12, fill: "#475569" }} tickFormatter={(value: number) => formatMoney(String(Math.round(value)), currency).replace(/\.00$/, "")} width={72} />
            <Tooltip formatter={(value) => formatMoney(new Decimal(Number(value)).toFixed(2), currency)} />
            <Legend formatter={(value: string) => <span className="text-sm text-slate-700">{value}</span>} />
            <Bar dataKey="list" name="At list prices" fill="#cbd5e1" />
            <Bar dataKey="contract" name="At contract prices" fill="#4f46e5" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
