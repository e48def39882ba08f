"use client";

import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createOrganization } from "@/app/(auth)/onboarding/actions";
import { slugFollowsName } from "@/components/auth/slug-from-name";
import { OrgNameSchema, OrgSlugSchema } from "@/lib/auth/schemas";

const Schema = z.object({ name: OrgNameSchema, slug: OrgSlugSchema });

export function NewOrganizationForm() {
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: Schema,
    defaultValues: { name: "", slug: "" },
    action: createOrganization,
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <TextField
        label="Organization name"
        error={errorOf("name")}
        {...form.register("name", slugFollowsName(form, "slug"))}
      />
      <TextField label="Organization address" error={errorOf("slug")} {...form.register("slug")} />
      <Button type="submit" className="w-full" disabled={submitting}>
        Create organization
      </Button>
    </form>
  );
}
