"use client";

import { useWatch } from "react-hook-form";
import { slugFollowsName } from "@/components/auth/slug-from-name";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { signUp } from "@/app/(auth)/signup/actions";
import { SignUpSchema } from "@/lib/auth/schemas";

export function SignUpForm() {
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: SignUpSchema,
    defaultValues: { name: "", email: "", password: "", organizationName: "", organizationSlug: "" },
    action: signUp,
  });
  const slug = useWatch({ control: form.control, name: "organizationSlug" });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <TextField label="Your name" autoComplete="name" error={errorOf("name")} {...form.register("name")} />
      <TextField label="Work email" type="email" autoComplete="email" error={errorOf("email")} {...form.register("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        error={errorOf("password")}
        {...form.register("password")}
      />
      <TextField label="Organization name" autoComplete="organization" error={errorOf("organizationName")} {...form.register("organizationName", slugFollowsName(form, "organizationSlug"))} />
      <TextField
        label="Organization address"
        hint={`Your organization lives at /${slug || "your-org"}.`}
        error={errorOf("organizationSlug")}
        {...form.register("organizationSlug")}
      />
      <Button type="submit" className="w-full" disabled={submitting}>
        {submitting ? "Creating…" : "Create account and organization"}
      </Button>
    </form>
  );
}
