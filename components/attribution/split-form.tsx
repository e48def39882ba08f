"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { createSplitAction } from "@/app/(app)/[org]/settings/attribution/actions";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { SPLIT_METHOD_LABELS, SPLIT_METHODS, SplitInputSchema, type SplitInput } from "@/lib/attribution/schemas";

type Option = { value: string; label: string };
type Target = SplitInput["targets"][number];

/** A new shared-spend split: whose spend, how, and which teams share it (with a percentage each for fixed shares). */
export function SplitForm({ org, teams }: { org: string; teams: Option[] }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: SplitInputSchema,
    defaultValues: { name: "", sourceTeamId: "", method: "even", targets: [] },
    action: (values) => {
      setNotice(undefined);
      return createSplitAction(org, values);
    },
    onSuccess: (data) => {
      setNotice(`Split "${data.name}" created.`);
      form.reset();
      router.refresh();
    },
  });
  const method = useWatch({ control: form.control, name: "method" });
  const source = useWatch({ control: form.control, name: "sourceTeamId" });
  const targets = useWatch({ control: form.control, name: "targets" }) ?? [];
  const setTargets = (next: Target[]) => form.setValue("targets", next, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
  const targetsError = errorOf("targets");

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="New split">
      <FormError message={formError} />
      <FormNotice message={notice} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Split name" hint="e.g. Platform team shared" error={errorOf("name")} {...form.register("name")} />
        <SelectField
          label="Spend to share"
          error={errorOf("sourceTeamId")}
          {...form.register("sourceTeamId", { onChange: (event) => setTargets(targets.filter((target) => target.teamId !== event.target.value)) })}
        >
          <option value="">Unattributed spend</option>
          {teams.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </SelectField>
        <SelectField
          label="Split method"
          error={errorOf("method")}
          {...form.register("method", { onChange: (event) => event.target.value !== "fixed" && setTargets(targets.map((target) => ({ ...target, percent: null }))) })}
        >
          {SPLIT_METHODS.map((name) => (
            <option key={name} value={name}>{SPLIT_METHOD_LABELS[name]}</option>
          ))}
        </SelectField>
      </div>
      <fieldset className="space-y-1" aria-describedby={targetsError ? "split-targets-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Teams that share it{method === "fixed" ? ", with their percentage (adding up to 100)" : ""}</legend>
        <div className="max-h-72 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-300">
          {teams
            .filter((option) => option.value !== source)
            .map((option) => {
              const index = targets.findIndex((target) => target.teamId === option.value);
              const percentError = index >= 0 ? errorOf(`targets.${index}.percent`) : undefined;
              return (
                <div key={option.value} className="flex flex-wrap items-center gap-3 py-0.5">
                  <label className="flex min-w-56 items-center gap-2 text-sm text-slate-800">
                    <input
                      type="checkbox"
                      className="size-4 rounded border-slate-400 text-indigo-600"
                      checked={index >= 0}
                      onChange={(event) =>
                        setTargets(event.target.checked ? [...targets, { teamId: option.value, percent: null }] : targets.filter((target) => target.teamId !== option.value))
                      }
                    />
                    {option.label}
                  </label>
                  {method === "fixed" && index >= 0 ? (
                    <label className="flex items-center gap-1.5 text-sm text-slate-800">
                      <span className="sr-only">{option.label.replace(/^(— )+/, "")} percentage</span>
                      <input
                        inputMode="decimal"
                        className="w-20 rounded-md border-0 px-2 py-1 text-right text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
                        aria-invalid={percentError ? true : undefined}
                        value={targets[index]?.percent ?? ""}
                        onChange={(event) => setTargets(targets.map((target, at) => (at === index ? { ...target, percent: event.target.value || null } : target)))}
                      />
                      <span aria-hidden>%</span>
                      {percentError ? <span className="text-xs font-medium text-red-700">{percentError}</span> : null}
                    </label>
                  ) : null}
                </div>
              );
            })}
        </div>
        {targetsError ? (
          <p id="split-targets-error" role="alert" className="text-xs font-medium text-red-700">
            {targetsError}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={submitting}>Create split</Button>
    </form>
  );
}
