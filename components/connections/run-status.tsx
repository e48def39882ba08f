import { Badge } from "@/components/ui/card";
import type { RunView } from "@/lib/connections/schemas";

const TONE = { queued: "amber", running: "indigo", completed: "emerald", failed: "red" } as const;

/** A job run's status badge, with its error under it when it failed (sync runs, re-applies of attribution rules). */
export function RunStatus({ run }: { run: Pick<RunView, "status" | "error"> }) {
  return (
    <>
      <Badge tone={TONE[run.status]}>{run.status}</Badge>
      {run.error ? <p className="mt-1 max-w-md text-xs text-red-800">{run.error}</p> : null}
    </>
  );
}
