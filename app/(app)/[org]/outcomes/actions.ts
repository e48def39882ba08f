"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { recordOutcomesCsv } from "@/lib/outcomes/outcomes";
import { MAX_OUTCOME_BODY_BYTES, type OutcomeWriteResult } from "@/lib/outcomes/schemas";

/** The outcomes page's CSV upload: the same strict import as POST /api/v1/outcomes with text/csv. */
export async function uploadOutcomesAction(org: string, _previous: ActionResult<OutcomeWriteResult> | null, formData: FormData): Promise<ActionResult<OutcomeWriteResult>> {
  return runAction(async () => {
    const actor = await sessionActor(org);
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0) throw new AppError("validation_failed", "Choose a CSV file.", { fieldErrors: { file: ["Choose a CSV file."] } });
    if (file.size > MAX_OUTCOME_BODY_BYTES) throw new AppError("payload_too_large", "Outcome CSVs are limited to 1 MiB (10,000 rows): split the file.");
    const result = await recordOutcomesCsv(actor, await file.text());
    revalidatePath(`/${org}/outcomes`);
    return result;
  });
}
