"use client";

import { queryOptions } from "@tanstack/react-query";
import { api, apiUrl } from "@/lib/api/client";
import type { RunView } from "@/lib/connections/schemas";

// Keys and requests of the attribution settings page.

export const attributionKeys = { applyRun: (org: string, id: string) => ["attribution-apply", org, id] as const };

export const isFinished = (run: RunView) => run.status === "completed" || run.status === "failed";

/** Polls a re-apply every second until it has finished. */
export function applyRunQuery(org: string, id: string) {
  return queryOptions({
    queryKey: attributionKeys.applyRun(org, id),
    queryFn: async () => (await api<{ run: RunView }>(apiUrl(`/api/v1/attribution-rules/apply/${id}`, org))).run,
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data) ? false : 1000),
  });
}
