"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { FormError, FormNotice, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createTeamAction, updateTeamAction } from "@/app/(app)/[org]/settings/teams/actions";
import type { MemberView } from "@/lib/members/schemas";
import { TeamInputSchema, type TeamView } from "@/lib/teams/schemas";

type Option = { value: string; label: string; detail?: string };

/**
 * Create (no `team`) or edit a team. Without `canStructure` (managers), parent and managers are shown but not
 * sent: the server refuses them anyway.
 */
export function TeamForm({ org, team, parentOptions, members, canStructure }: {
  org: string;
  team?: TeamView;
  parentOptions: Option[];
  members: MemberView[];
  canStructure: boolean;
}) {
  const memberOptions = members.map((member) => ({ value: member.userId, label: member.name ?? member.email, detail: member.role.toLowerCase() }));
  const router = useRouter();
  const [notice, setNotice] = useState<string>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: TeamInputSchema,
    defaultValues: {
      name: team?.name ?? "",
      description: team?.description ?? "",
      costCenter: team?.costCenter ?? "",
      parentId: team?.parentId ?? "",
      managerIds: team?.managers.map((manager) => manager.id) ?? [],
    },
    action: async (values) => {
      setNotice(undefined);
      const { parentId, managerIds, ...details } = values;
      const payload = canStructure ? { ...details, parentId, managerIds } : details;
      if (team) return updateTeamAction(org, team.id, payload);
      return createTeamAction(org, payload);
    },
    onSuccess: (data) => {
      if (team) {
        setNotice("Saved.");
      } else {
        setNotice(`Team "${(data as { name: string }).name}" created.`);
        form.reset();
      }
      router.refresh();
    },
  });
  const managerIds = useWatch({ control: form.control, name: "managerIds" }) ?? [];
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <FormNotice message={notice} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Team name" error={errorOf("name")} {...form.register("name")} />
        <TextField label="Cost center" hint="As finance books it, e.g. CC-4100." error={errorOf("costCenter")} {...form.register("costCenter")} />
      </div>
      <TextAreaField label="Description" error={errorOf("description")} {...form.register("description")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Parent team"
          disabled={!canStructure}
          hint={canStructure ? undefined : "Only admins change where a team sits."}
          error={errorOf("parentId")}
          {...form.register("parentId")}
        >
          <option value="">None (top level)</option>
          {parentOptions
            .filter((option) => option.value !== team?.id)
            .map((option) => (
              <option key={option.value} value={option.value}>{option.label}</option>
            ))}
        </SelectField>
        <CheckboxGroup
          legend="Managers"
          options={memberOptions}
          value={managerIds}
          disabled={!canStructure}
          onChange={(value) => form.setValue("managerIds", value, { shouldDirty: true })}
          error={errorOf("managerIds")}
        />
      </div>
      <Button type="submit" disabled={submitting}>{team ? "Save team" : "Create team"}</Button>
    </form>
  );
}
