import { OUTCOME_CSV_HEADER } from "@/lib/outcomes/schemas";

/** How to send outcomes: the API call and the CSV, with the organization's own address. */
export function OutcomesHowTo({ origin, canWrite }: { origin: string; canWrite: boolean }) {
  const curl = `curl -X POST ${origin}/api/v1/outcomes \\
  -H "Authorization: Bearer $TOKENLEDGER_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '[{"workflow": "Support copilot", "day": "2026-03-02", "kind": "tickets resolved", "count": 412}]'`;
  const csv = `${OUTCOME_CSV_HEADER}
2026-03-02,Support copilot,tickets resolved,412
2026-03-02,Contract review,documents reviewed,38`;
  return (
    <div className="space-y-4 text-sm text-slate-700">
      <p>
        Send what each workflow achieved per day (tickets resolved, documents reviewed, tasks succeeded), and this page puts it beside the workflow&apos;s
        spend: cost per outcome over time, and whether more tokens per request bought more outcomes. Sending the same workflow, day and kind again
        replaces the count, so a retry never counts twice.
      </p>
      <div className="space-y-1">
        <h3 className="font-medium text-slate-900">With the API</h3>
        <p>
          An API token with the <code className="rounded bg-slate-100 px-1">outcomes:write</code> scope (Settings → API tokens), then up to 10,000 counts per
          request. The workflow is its name or id.
        </p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" tabIndex={0} aria-label="Example API request">
          <code>{curl}</code>
        </pre>
      </div>
      <div className="space-y-1">
        <h3 className="font-medium text-slate-900">As a CSV</h3>
        <p>
          {canWrite ? "Upload it below, or POST it with " : "An admin or finance member uploads it here, or POSTs it with "}
          <code className="rounded bg-slate-100 px-1">Content-Type: text/csv</code>. One bad row and nothing is written; every problem is listed by row and column.
        </p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" tabIndex={0} aria-label="Example CSV">
          <code>{csv}</code>
        </pre>
      </div>
    </div>
  );
}
