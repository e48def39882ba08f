import type { BudgetDetail, BudgetView } from "@/lib/budgets/schemas";

// Plot-ready geometry for a budget's burn bar and burn chart. Money stays a decimal string beside every plotted
// number (tooltips and the table alternative show it exactly); numbers exist only for drawing.

/** A bar spans 100 % of the amount, or more when the actual or forecast overruns it, up to this much. */
const MAX_BAR_PERCENT = 200;

export type BurnBar = {
  /** Positions along the bar, 0–100 (% of its width). */
  actual: number;
  forecast: number;
  /** Where 100 % of the amount sits (left of the end when the bar is stretched by an overrun). */
  full: number;
  thresholds: { percent: number; at: number }[];
  /** The bar spans this percentage of the amount. */
  span: number;
};

export function burnBar(budget: Pick<BudgetView, "thresholds" | "current" | "forecast">): BurnBar {
  const actual = Math.max(0, Number(budget.current.percent));
  const forecast = Math.max(actual, Number(budget.forecast.percent));
  const span = Math.min(MAX_BAR_PERCENT, Math.max(100, actual, forecast));
  const at = (percent: number) => (Math.min(percent, span) / span) * 100;
  return {
    actual: at(actual),
    forecast: at(forecast),
    full: at(100),
    thresholds: budget.thresholds.filter((threshold) => threshold <= span).map((percent) => ({ percent, at: at(percent) })),
    span,
  };
}

export type BurnPoint = {
  day: string;
  /** Cumulative actual spend up to this day (days to come: null). */
  actual: number | null;
  /** The forecast's cumulative path, from today on (joined to the actual at today, so the lines meet). */
  forecast: number | null;
  /** The forecast's low–high range (a band). */
  range: [number, number] | null;
  exact: { actual?: string; forecast?: string; low?: string; high?: string };
};

export type BurnChart = {
  data: BurnPoint[];
  amount: number;
  thresholds: { percent: number; value: number }[];
  /** The top of the value axis: the highest of the amount, the actual and the forecast's range, plus headroom. */
  top: number;
};

export function burnChart(detail: Pick<BudgetDetail, "amount" | "thresholds" | "daily" | "projection">): BurnChart {
  const data: BurnPoint[] = detail.daily.map((day) => ({ day: day.day, actual: Number(day.cumulative), forecast: null, range: null, exact: { actual: day.cumulative } }));
  const today = data.at(-1);
  if (today && detail.projection.length) {
    today.forecast = today.actual;
    today.range = [today.actual!, today.actual!];
  }
  for (const day of detail.projection) {
    data.push({
      day: day.day,
      actual: null,
      forecast: Number(day.cumulative),
      range: [Number(day.low), Number(day.high)],
      exact: { forecast: day.cumulative, low: day.low, high: day.high },
    });
  }
  const amount = Number(detail.amount);
  const highest = Math.max(amount, ...data.map((point) => Math.max(point.actual ?? 0, point.forecast ?? 0, point.range?.[1] ?? 0)));
  return {
    data,
    amount,
    thresholds: detail.thresholds.filter((percent) => percent !== 100).map((percent) => ({ percent, value: (amount * percent) / 100 })),
    top: highest * 1.05,
  };
}
