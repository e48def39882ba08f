"use client";

import { queryOptions } from "@tanstack/react-query";
import { api, apiUrl, postJson } from "@/lib/api/client";
import type { PriceView, RerateView } from "@/lib/pricing/schemas";

// Keys and requests of the prices page, shared by its components.

export const pricingKeys = {
  prices: (org: string, search: string) => ["prices", org, search] as const,
  rerate: (org: string, id: string) => ["rerate", org, id] as const,
};

export function pricesQuery(org: string, search: string) {
  return queryOptions({
    queryKey: pricingKeys.prices(org, search),
    queryFn: async () => (await api<{ prices: PriceView[] }>(apiUrl("/api/v1/prices", org, { model: search }))).prices,
    staleTime: 60_000,
  });
}

/** Polls a re-rate twice a second until it has finished. */
export function rerateQuery(org: string, id: string) {
  return queryOptions({
    queryKey: pricingKeys.rerate(org, id),
    queryFn: async () => (await api<{ run: RerateView }>(apiUrl(`/api/v1/rerate/${id}`, org))).run,
    refetchInterval: (query) => (query.state.data && (query.state.data.status === "completed" || query.state.data.status === "failed") ? false : 500),
  });
}

export async function startRerateRequest(org: string, from: string, to: string) {
  return (await postJson<{ run: RerateView }>(apiUrl("/api/v1/rerate", org), { from, to })).run;
}

export async function mapModelRequest(org: string, body: { provider: string; alias: string; model: string }) {
  return postJson<{ alias: string; model: string; rerate: RerateView }>(apiUrl("/api/v1/model-aliases", org), body);
}
