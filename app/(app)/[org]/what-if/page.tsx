import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { WhatIfForm, type WhatIfFormErrors } from "@/components/what-if/what-if-form";
import { WhatIfResult } from "@/components/what-if/what-if-result";
import { pageActorWith } from "@/lib/auth/page-actor";
import { fieldErrorsFrom, isAppError } from "@/lib/errors";
import { whatIfInputOf, whatIfSearchOf, type WhatIfAnswer } from "@/lib/what-if/schemas";
import { whatIf, whatIfChoices } from "@/lib/what-if/what-if";

export const metadata: Metadata = { title: "What-if" };

/** The API's field names → the form's. */
const FORM_FIELD: Record<string, keyof WhatIfFormErrors> = { workflowId: "scope", teamId: "scope", provider: "model", model: "model", cacheHitShare: "cache" };

export default async function WhatIfPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "spend:read", `/${org}/what-if`);
  const search = whatIfSearchOf(await searchParams);
  const input = whatIfInputOf(search);
  const choices = await whatIfChoices(actor);
  const errors: WhatIfFormErrors = {};
  let answer: WhatIfAnswer | null = null;
  let problem: string | null = null;
  if (input) {
    try {
      answer = await whatIf(actor, input);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const fields = fieldErrorsFrom(error);
      if (fields) for (const [field, messages] of Object.entries(fields)) errors[FORM_FIELD[field] ?? "scope"] ??= messages[0];
      else if (error.code === "not_found" || error.code === "forbidden") errors.scope = error.message;
      else if (error.code === "missing_exchange_rate") problem = error.message;
      else throw error;
    }
  }
  return (
    <div className="max-w-7xl space-y-6">
      <PageHeader
        title="What-if"
        description={`What a workflow's or a team's last 30 days would cost on another model, with the cache-hit share you expect, in ${actor.org.currency}. The address bar holds the choice: share it.`}
      />
      <section aria-label="Simulation" className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
        <WhatIfForm choices={choices} search={search} errors={errors} />
      </section>
      {problem ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          {problem}
        </div>
      ) : null}
      {answer ? <WhatIfResult answer={answer} /> : null}
    </div>
  );
}
