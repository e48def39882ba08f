"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { acceptAsSignedInUser, acceptWithNewAccount } from "@/app/(auth)/invite/[token]/actions";
import { AcceptInvitationSchema } from "@/lib/auth/schemas";

export function AcceptInvitationForm({ secret, email }: { secret: string; email: string }) {
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: AcceptInvitationSchema,
    defaultValues: { name: "", password: "" },
    action: (values) => acceptWithNewAccount(secret, values),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <TextField label="Email" value={email} readOnly disabled />
      <TextField label="Your name" autoComplete="name" error={errorOf("name")} {...form.register("name")} />
      <TextField
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        error={errorOf("password")}
        {...form.register("password")}
      />
      <Button type="submit" className="w-full" disabled={submitting}>
        {submitting ? "Joining…" : "Create account and join"}
      </Button>
    </form>
  );
}

export function JoinButton({ secret }: { secret: string }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  return (
    <div className="space-y-3">
      <FormError message={error} />
      <Button
        className="w-full"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const result = await acceptAsSignedInUser(secret);
          setPending(false);
          if (!result.ok) setError(result.message);
        }}
      >
        Join
      </Button>
    </div>
  );
}
