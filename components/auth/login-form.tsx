"use client";

import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { signInWithPassword } from "@/app/(auth)/login/actions";
import { SignInSchema } from "@/lib/auth/schemas";

export function LoginForm({ callbackUrl, defaultEmail }: { callbackUrl?: string; defaultEmail?: string }) {
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: SignInSchema,
    defaultValues: { email: defaultEmail ?? "", password: "" },
    action: (values) => signInWithPassword(values, callbackUrl),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <TextField label="Email" type="email" autoComplete="email" error={errorOf("email")} {...form.register("email")} />
      <TextField label="Password" type="password" autoComplete="current-password" error={errorOf("password")} {...form.register("password")} />
      <Button type="submit" className="w-full" disabled={submitting}>
        {submitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
