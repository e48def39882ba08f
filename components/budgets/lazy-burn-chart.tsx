"use client";

import dynamic from "next/dynamic";

// Loaded after the page, like the other charts (components/charts/lazy.tsx): the figures render first.
export const LazyBurnChart = dynamic(() => import("@/components/budgets/burn-chart").then((module) => module.BurnChart), {
  ssr: false,
  loading: () => <div className="h-72 animate-pulse rounded-md bg-slate-100" aria-hidden />,
});
