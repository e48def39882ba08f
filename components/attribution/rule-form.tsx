"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { useFieldArray, useWatch } from "react-hook-form";
import { createRuleAction, previewRuleAction, updateRuleAction } from "@/app/(app)/[org]/settings/attribution/actions";
import { MovesTable } from "@/components/attribution/moves-table";
import { Button } from "@/components/ui/button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { RULE_FIELD_LABELS, RULE_FIELDS, RULE_OPERATOR_LABELS, RULE_OPERATORS } from "@/lib/attribution/matcher";
import { RuleInputSchema, type PreviewResult, type RuleInput, type RuleView } from "@/lib/attribution/schemas";

type Option = { value: string; label: string };

const NEW_CONDITION = { field: "provider", operator: "exact", value: "", tagKey: "" } as const;

/**
 * Add (no `rule`) or edit a rule. Saving comes after a preview of what the rule moves over the last 30 days, and
 * saves exactly the previewed version: change a field and it must be previewed again.
 */
export function RuleForm({ org, rule, teams, workflows, onDone }: {
  org: string;
  rule?: RuleView;
  teams: Option[];
  workflows: Option[];
  onDone: () => void;
}) {
  const router = useRouter();
  const [preview, setPreview] = useState<{ result: PreviewResult; input: RuleInput; values: string } | null>(null);
  const [saving, startSaving] = useTransition();
  const [saveError, setSaveError] = useState<string>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: RuleInputSchema,
    defaultValues: {
      name: rule?.name ?? "",
      conditions: rule?.conditions.map((condition) => ({ ...condition, tagKey: condition.tagKey ?? "" })) ?? [{ ...NEW_CONDITION }],
      teamId: rule?.teamId ?? "",
      workflowId: rule?.workflowId ?? "",
    },
    action: async (values) => {
      setPreview(null);
      const input: RuleInput = { ...values, enabled: rule?.enabled ?? true, position: rule?.position };
      const result = await previewRuleAction(org, { rule: { ...input, id: rule?.id } });
      return result.ok ? { ok: true as const, data: { result: result.data, input } } : result;
    },
    onSuccess: ({ result, input }) => setPreview({ result, input, values: JSON.stringify(form.getValues()) }),
  });
  const conditions = useFieldArray({ control: form.control, name: "conditions" });
  const watched = useWatch({ control: form.control });
  const current = preview !== null && preview.values === JSON.stringify(watched);
  const { setFocus } = form;
  useEffect(() => setFocus("name"), [setFocus]);

  const save = () =>
    startSaving(async () => {
      if (!preview) return;
      setSaveError(undefined);
      const { input } = preview;
      const result = rule
        ? await updateRuleAction(org, rule.id, { name: input.name, conditions: input.conditions, teamId: input.teamId, workflowId: input.workflowId })
        : await createRuleAction(org, input);
      if (!result.ok) {
        setSaveError(result.message);
        return;
      }
      router.refresh();
      onDone();
    });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label={rule ? `Edit rule ${rule.name}` : "New rule"}>
      <FormError message={formError ?? saveError} />
      <div className="max-w-md">
        <TextField label="Rule name" hint="What it catches, e.g. Support project." error={errorOf("name")} {...form.register("name")} />
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Conditions (all must match)</legend>
        <p className="text-xs text-slate-600">“is” and “starts with” ignore case; a regex is a JavaScript regular expression. Provider is e.g. openai or anthropic.</p>
        {conditions.fields.map((condition, index) => (
          <ConditionRow key={condition.id} index={index} form={form} errorOf={errorOf} onRemove={conditions.fields.length > 1 ? () => conditions.remove(index) : undefined} />
        ))}
        <Button variant="secondary" size="sm" onClick={() => conditions.append({ ...NEW_CONDITION })} disabled={conditions.fields.length >= 10}>
          Add condition
        </Button>
      </fieldset>
      <div className="grid max-w-2xl gap-4 sm:grid-cols-2">
        <SelectField label="Team" error={errorOf("teamId")} {...form.register("teamId")}>
          <option value="">No team</option>
          {teams.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </SelectField>
        <SelectField label="Workflow" error={errorOf("workflowId")} {...form.register("workflowId")}>
          <option value="">No workflow</option>
          {workflows.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </SelectField>
      </div>
      {preview ? (
        <section aria-labelledby="rule-impact" className="space-y-3 rounded-md border border-slate-200 p-4">
          <h3 id="rule-impact" className="text-sm font-semibold text-slate-900">Impact over the last 30 days</h3>
          <MovesTable preview={preview.result} caption="What the rule would move" />
          {current ? null : <p className="text-sm text-amber-900">The rule changed since this preview: preview it again before saving.</p>}
        </section>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant={current ? "secondary" : "primary"} disabled={submitting}>
          {submitting ? "Previewing…" : "Preview impact"}
        </Button>
        {current ? (
          <Button onClick={save} disabled={saving}>
            {rule ? "Save changes" : "Save rule"}
          </Button>
        ) : null}
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {current ? null : <p className="text-xs text-slate-600">Preview the impact first; it applies to new usage once saved, and to history when you re-apply.</p>}
    </form>
  );
}

type Form = ReturnType<typeof useActionForm<typeof RuleInputSchema, unknown>>["form"];
type ErrorOf = ReturnType<typeof useActionForm<typeof RuleInputSchema, unknown>>["errorOf"];

function ConditionRow({ index, form, errorOf, onRemove }: { index: number; form: Form; errorOf: ErrorOf; onRemove?: () => void }) {
  const field = useWatch({ control: form.control, name: `conditions.${index}.field` });
  return (
    <fieldset className="grid items-start gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-[10rem_11rem_1fr_1fr_auto]">
      <legend className="sr-only">Condition {index + 1}</legend>
      <SelectField label="Field" error={errorOf(`conditions.${index}.field`)} {...form.register(`conditions.${index}.field`)}>
        {RULE_FIELDS.map((name) => (
          <option key={name} value={name}>{RULE_FIELD_LABELS[name]}</option>
        ))}
      </SelectField>
      <SelectField label="Operator" error={errorOf(`conditions.${index}.operator`)} {...form.register(`conditions.${index}.operator`)}>
        {RULE_OPERATORS.map((name) => (
          <option key={name} value={name}>{RULE_OPERATOR_LABELS[name]}</option>
        ))}
      </SelectField>
      {field === "tag" ? (
        <TextField label="Tag key" placeholder="e.g. app" error={errorOf(`conditions.${index}.tagKey`)} {...form.register(`conditions.${index}.tagKey`)} />
      ) : (
        <div className="hidden sm:block" aria-hidden />
      )}
      <TextField label="Value" error={errorOf(`conditions.${index}.value`)} {...form.register(`conditions.${index}.value`)} />
      {onRemove ? (
        <Button variant="ghost" size="sm" className="sm:mt-7" onClick={onRemove} aria-label={`Remove condition ${index + 1}`}>
          Remove
        </Button>
      ) : null}
    </fieldset>
  );
}
