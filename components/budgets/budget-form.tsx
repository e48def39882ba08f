"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useId } from "react";
import { createBudgetAction, updateBudgetAction } from "@/app/(app)/[org]/budgets/actions";
import { BudgetFormSchema, budgetFormValues } from "@/components/budgets/budget-form-schema";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { FormError, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { BUDGET_PERIOD_LABELS } from "@/components/budgets/budget-labels";
import { BUDGET_PERIODS } from "@/lib/budgets/periods";
import type { BudgetView } from "@/lib/budgets/schemas";

type Option = { value: string; label: string; detail?: string };

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-slate-900">{title}</legend>
      {children}
    </fieldset>
  );
}

/** New or changed budget. Team choices are the ones the actor may budget for (a manager: the teams they manage). */
export function BudgetForm({ org, budget, currency, teamOptions, allowOrganization, workflowOptions, memberOptions, channelOptions }: {
  org: string;
  budget?: BudgetView;
  currency: string;
  teamOptions: Option[];
  /** Finance and admins may set organization-wide budgets (no team); managers budget for their teams. */
  allowOrganization: boolean;
  workflowOptions: (Option & { teamName: string | null })[];
  memberOptions: Option[];
  channelOptions: Option[];
}) {
  const router = useRouter();
  const mutedId = useId();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: BudgetFormSchema,
    defaultValues: budgetFormValues(budget, { teamId: "" }),
    action: (values) => (budget ? updateBudgetAction(org, budget.id, values) : createBudgetAction(org, values)),
    onSuccess: (saved) => router.push(`/${org}/budgets/${saved.id}`),
  });
  const channelIds = form.watch("channelIds");
  const byTeam = new Map<string, Option[]>();
  for (const option of workflowOptions) byTeam.set(option.teamName ?? "No team", [...(byTeam.get(option.teamName ?? "No team") ?? []), option]);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label={budget ? "Change the budget" : "New budget"}>
      <FormError message={formError} />
      <Section title="Budget">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Name" placeholder="e.g. Customer Support, monthly" error={errorOf("name")} {...form.register("name")} />
          <SelectField label="Period" error={errorOf("period")} {...form.register("period")}>
            {BUDGET_PERIODS.map((period) => (
              <option key={period} value={period}>
                {BUDGET_PERIOD_LABELS[period]}
              </option>
            ))}
          </SelectField>
          <TextField label="Amount" inputMode="decimal" hint={`Per period, in ${currency} (the reporting currency).`} error={errorOf("amount")} {...form.register("amount")} />
          <TextField label="Thresholds (%)" hint="Alerts fire when spend crosses each, e.g. 50, 80, 100." error={errorOf("thresholds")} {...form.register("thresholds")} />
        </div>
      </Section>
      <Section title="Scope">
        <p className="text-sm text-slate-600">The spend the budget counts. Leave all empty for the whole organization; a team includes its sub-teams.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Team" error={errorOf("teamId")} {...form.register("teamId")}>
            <option value="">{allowOrganization ? "Any team (organization)" : "None: the workflow's team"}</option>
            {teamOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Workflow" error={errorOf("workflowId")} {...form.register("workflowId")}>
            <option value="">Any workflow</option>
            {[...byTeam].map(([team, options]) => (
              <optgroup key={team} label={team}>
                {options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <TextField label="Provider" placeholder="Any provider" hint="As in the ledger, e.g. openai, anthropic." spellCheck={false} error={errorOf("provider")} {...form.register("provider")} />
          <TextField label="Model" placeholder="Any model" hint="As in the ledger, e.g. gpt-4o." spellCheck={false} error={errorOf("model")} {...form.register("model")} />
        </div>
      </Section>
      <Section title="Gateway policy">
        <p className="text-sm text-slate-600">What the gateway is told once spend reaches a share of the amount. Empty: no such step.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Downgrade at (%)" inputMode="numeric" hint="Route to cheaper models from here." error={errorOf("downgradeAtPercent")} {...form.register("downgradeAtPercent")} />
          <TextField label="Block at (%)" inputMode="numeric" hint="Refuse new requests from here." error={errorOf("blockAtPercent")} {...form.register("blockAtPercent")} />
        </div>
      </Section>
      <Section title="Notifications">
        {channelOptions.length ? (
          <CheckboxGroup
            legend="Channels"
            options={channelOptions}
            value={channelIds}
            onChange={(value) => form.setValue("channelIds", value, { shouldDirty: true })}
            error={errorOf("channelIds")}
          />
        ) : (
          <p className="text-sm text-slate-600">No alert channels yet: alerts show in the app. Admins add channels under Settings → Alert channels.</p>
        )}
        <div className="flex items-start gap-2">
          <input id={mutedId} type="checkbox" className="mt-0.5 size-4 rounded border-slate-400 text-indigo-600" aria-describedby={`${mutedId}-hint`} {...form.register("muted")} />
          <div>
            <label htmlFor={mutedId} className="text-sm font-medium text-slate-800">
              Muted
            </label>
            <p id={`${mutedId}-hint`} className="text-xs text-slate-600">
              Alerts still show in the app; nothing goes to the channels.
            </p>
          </div>
        </div>
      </Section>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Owner" error={errorOf("ownerUserId")} {...form.register("ownerUserId")}>
          <option value="">No owner</option>
          {memberOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <TextAreaField label="Note" error={errorOf("note")} {...form.register("note")} />
      </div>
      <Button type="submit" disabled={submitting}>
        {submitting ? "Saving…" : "Save budget"}
      </Button>
    </form>
  );
}
