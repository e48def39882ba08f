import type { WhatIfAnswer } from "@/lib/what-if/schemas";

// Plot-ready bars for the what-if: today's cost and the projected one. Money stays a decimal string beside the
// plotted number (the tooltip and the table alternative show it exactly); the number exists only for drawing.

export type ComparisonBar = { key: "current" | "projected"; label: string; value: number; exact: string; color: string };

/** Today's bar in the app's neutral slate, the projection green when cheaper and red when dearer. */
export function comparisonBars(answer: Pick<WhatIfAnswer, "current" | "projected" | "difference">): ComparisonBar[] {
  const cheaper = Number(answer.difference.amount) <= 0;
  return [
    { key: "current", label: "Today", value: Number(answer.current.cost), exact: answer.current.cost, color: "#475569" },
    { key: "projected", label: answer.projected.model, value: Number(answer.projected.cost), exact: answer.projected.cost, color: cheaper ? "#047857" : "#b91c1c" },
  ];
}
