"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateOrganizationAction } from "@/app/(app)/[org]/settings/actions";
import { OrganizationUpdateSchema, type OrganizationUpdate } from "@/lib/orgs/schemas";

export function OrganizationForm({ org, initial, timeZones, currencies }: {
  org: string;
  initial: OrganizationUpdate;
  timeZones: readonly string[];
  currencies: readonly string[];
}) {
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: OrganizationUpdateSchema,
    defaultValues: initial,
    action: (values) => {
      setSaved(false);
      return updateOrganizationAction(org, values);
    },
    onSuccess: () => setSaved(true),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-lg space-y-4">
      <FormError message={formError} />
      <FormNotice message={saved ? "Saved." : undefined} />
      <TextField label="Name" error={errorOf("name")} {...form.register("name")} />
      <SelectField label="Time zone" hint="Days and budget periods are cut in this time zone." error={errorOf("timeZone")} {...form.register("timeZone")}>
        {timeZones.map((zone) => (
          <option key={zone} value={zone}>{zone}</option>
        ))}
      </SelectField>
      <SelectField label="Reporting currency" error={errorOf("currency")} {...form.register("currency")}>
        {currencies.map((code) => (
          <option key={code} value={code}>{code}</option>
        ))}
      </SelectField>
      <Button type="submit" disabled={submitting}>Save</Button>
    </form>
  );
}
