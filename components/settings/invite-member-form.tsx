"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SecretBox } from "@/components/ui/copy-button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { inviteMemberAction } from "@/app/(app)/[org]/settings/members/actions";
import { INVITATION_DAYS, InviteMemberSchema } from "@/lib/members/schemas";
import { ROLE_LABELS, ROLES } from "@/lib/permissions";

export function InviteMemberForm({ org }: { org: string }) {
  const [created, setCreated] = useState<{ email: string; link: string }>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: InviteMemberSchema,
    defaultValues: { email: "", role: "FINANCE" },
    action: (values) => inviteMemberAction(org, values),
    onSuccess: (data) => {
      setCreated(data);
      form.reset({ email: "", role: form.getValues("role") });
    },
  });
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
        <div className="w-full"><FormError message={formError} /></div>
        <div className="min-w-64 flex-1">
          <TextField label="Email" type="email" autoComplete="off" error={errorOf("email")} {...form.register("email")} />
        </div>
        <div className="w-40">
          <SelectField label="Role" error={errorOf("role")} {...form.register("role")}>
            {ROLES.map((role) => (
              <option key={role} value={role}>{ROLE_LABELS[role]}</option>
            ))}
          </SelectField>
        </div>
        <div className="pt-6">
          <Button type="submit" disabled={submitting}>Invite</Button>
        </div>
      </form>
      {created ? (
        <SecretBox
          label={`Invitation link for ${created.email}`}
          value={created.link}
          note={`Send this link to ${created.email}. It works once and expires in ${INVITATION_DAYS} days.`}
        />
      ) : null}
    </div>
  );
}
