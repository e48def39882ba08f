"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createWorkflowAction, updateWorkflowAction } from "@/app/(app)/[org]/settings/workflows/actions";
import { WorkflowInputSchema, type WorkflowView } from "@/lib/workflows/schemas";

export function WorkflowForm({ org, workflow, teamOptions, allowNoTeam }: {
  org: string;
  workflow?: WorkflowView;
  teamOptions: { value: string; label: string }[];
  /** Managers must pick one of their teams; admins may leave a workflow without one. */
  allowNoTeam: boolean;
}) {
  const router = useRouter();
  const [notice, setNotice] = useState<string>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: WorkflowInputSchema,
    defaultValues: {
      name: workflow?.name ?? "",
      description: workflow?.description ?? "",
      teamId: workflow?.teamId ?? (allowNoTeam ? "" : teamOptions[0]?.value ?? ""),
      interactive: workflow?.interactive === true ? "true" : workflow?.interactive === false ? "false" : "",
    },
    action: (values) => {
      setNotice(undefined);
      return workflow ? updateWorkflowAction(org, workflow.id, values) : createWorkflowAction(org, values);
    },
    onSuccess: (data) => {
      setNotice(workflow ? "Saved." : `Workflow "${data.name}" created.`);
      if (!workflow) form.reset();
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <FormNotice message={notice} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Workflow name" hint="The application or feature that spends, e.g. Support copilot." error={errorOf("name")} {...form.register("name")} />
        <SelectField label="Owning team" error={errorOf("teamId")} {...form.register("teamId")}>
          {allowNoTeam ? <option value="">No team</option> : null}
          {teamOptions.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </SelectField>
      </div>
      <SelectField label="Interactive" hint="Not interactive (nightly jobs, backfills): its volume can move to batch pricing." error={errorOf("interactive")} {...form.register("interactive")}>
        <option value="">Not said</option>
        <option value="true">Interactive: someone waits for the answer</option>
        <option value="false">Not interactive: batch-friendly</option>
      </SelectField>
      <TextAreaField label="Description" error={errorOf("description")} {...form.register("description")} />
      <Button type="submit" disabled={submitting}>{workflow ? "Save workflow" : "Create workflow"}</Button>
    </form>
  );
}
