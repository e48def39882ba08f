"use client";

import dynamic from "next/dynamic";

// Loaded after the page, like the other charts (components/charts/lazy.tsx): the figures render first.
export const LazyComparisonChart = dynamic(() => import("@/components/what-if/comparison-chart").then((module) => module.ComparisonChart), {
  ssr: false,
  loading: () => <div className="h-48 animate-pulse rounded-md bg-slate-100" aria-hidden />,
});
