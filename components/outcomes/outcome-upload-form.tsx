"use client";

import { useActionState } from "react";
import { Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { OUTCOME_CSV_HEADER, type OutcomeWriteResult } from "@/lib/outcomes/schemas";

type UploadAction = (previous: ActionResult<OutcomeWriteResult> | null, formData: FormData) => Promise<ActionResult<OutcomeWriteResult>>;

function summary(result: OutcomeWriteResult): string {
  return `${result.accepted.toLocaleString("en-US")} ${result.accepted === 1 ? "count" : "counts"} stored: ${result.created.toLocaleString("en-US")} new, ${result.updated.toLocaleString("en-US")} replaced, ${result.unchanged.toLocaleString("en-US")} unchanged.`;
}

/** A CSV of outcome counts, imported strictly: one bad row and nothing is written, with every problem listed. */
export function OutcomeUploadForm({ action }: { action: UploadAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      <div className="space-y-1">
        <label htmlFor="outcome-file" className="block text-sm font-medium text-slate-800">
          CSV file
        </label>
        <input
          id="outcome-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          aria-describedby="outcome-file-hint"
          className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
        />
        <p id="outcome-file-hint" className="text-xs text-slate-600">
          First line <code className="rounded bg-slate-100 px-1">{OUTCOME_CSV_HEADER}</code>; up to 10,000 rows. A row for a workflow, day and kind sent
          before replaces its count.
        </p>
      </div>
      {state?.ok === false ? <FormError message={state.message} /> : null}
      {state?.ok ? <FormNotice message={summary(state.data)} /> : null}
      <Button type="submit" disabled={pending}>
        <Upload aria-hidden className="size-4" />
        {pending ? "Uploading…" : "Upload outcomes"}
      </Button>
    </form>
  );
}
