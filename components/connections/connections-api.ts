"use client";

import { queryOptions } from "@tanstack/react-query";
import { api, apiUrl } from "@/lib/api/client";
import type { ConnectionView } from "@/lib/connections/schemas";

export const connectionKeys = { all: (org: string) => ["connections", org] as const };

/** Polls every 1.5 s while a run is queued or running; otherwise every minute (the hourly sync shows up). */
export function connectionsQuery(org: string) {
  return queryOptions({
    queryKey: connectionKeys.all(org),
    queryFn: async () => (await api<{ connections: ConnectionView[] }>(apiUrl("/api/v1/connections", org))).connections,
    refetchInterval: (query) => (query.state.data?.some((connection) => connection.activeRun) ? 1500 : 60_000),
  });
}
