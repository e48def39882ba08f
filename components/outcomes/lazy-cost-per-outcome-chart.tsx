"use client";

import dynamic from "next/dynamic";

// Loaded after the page, like the other charts (components/charts/lazy.tsx): the figures and the verdict render first.
export const LazyCostPerOutcomeChart = dynamic(() => import("@/components/outcomes/cost-per-outcome-chart").then((module) => module.CostPerOutcomeChart), {
  ssr: false,
  loading: () => <div className="h-56 animate-pulse rounded-md bg-slate-100" aria-hidden />,
});
