"use client";

import dynamic from "next/dynamic";

// Charts load after the page (recharts is most of a dashboard's JavaScript): the figures and tables render first.
const placeholder = () => <div className="h-64 animate-pulse rounded-md bg-slate-100" aria-hidden />;

export const LazyStackedBars = dynamic(() => import("@/components/charts/stacked-bars").then((module) => module.StackedBars), { ssr: false, loading: placeholder });
export const LazyUnitEconomics = dynamic(() => import("@/components/charts/unit-economics").then((module) => module.UnitEconomics), { ssr: false, loading: placeholder });
