"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { SecretBox } from "@/components/ui/copy-button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createTokenAction, revokeTokenAction } from "@/app/(app)/[org]/settings/tokens/actions";
import { RowActionButton } from "@/components/settings/row-action";
import { NewApiTokenSchema } from "@/lib/tokens/schemas";

const EXPIRY = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "Never" },
];

export function TokenForm({ org, scopeOptions }: { org: string; scopeOptions: { value: string; label: string; detail?: string }[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: NewApiTokenSchema,
    defaultValues: { name: "", scopes: [], expiresInDays: 90 },
    action: (values) => createTokenAction(org, values),
    onSuccess: (data) => {
      setCreated(data);
      form.reset();
      router.refresh();
    },
  });
  const scopes = useWatch({ control: form.control, name: "scopes" }) ?? [];
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={formError} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Token name" hint="After what uses it, e.g. LLM gateway." error={errorOf("name")} {...form.register("name")} />
          <SelectField
            label="Expires after"
            error={errorOf("expiresInDays")}
            {...form.register("expiresInDays", { setValueAs: (value: string) => (value === "" ? null : Number(value)) })}
          >
            {EXPIRY.map((option) => (
              <option key={option.label} value={option.value}>{option.label}</option>
            ))}
          </SelectField>
        </div>
        <CheckboxGroup
          legend="Scopes"
          options={scopeOptions}
          value={scopes}
          onChange={(value) => form.setValue("scopes", value, { shouldValidate: form.formState.isSubmitted })}
          error={errorOf("scopes")}
        />
        <Button type="submit" disabled={submitting}>Create token</Button>
      </form>
      {created ? (
        <SecretBox
          label={`Token "${created.name}"`}
          value={created.secret}
          note="Copy it now: it is shown only once. Send it as `Authorization: Bearer <token>`."
        />
      ) : null}
    </div>
  );
}

export function RevokeTokenButton({ org, tokenId, name }: { org: string; tokenId: string; name: string }) {
  return (
    <RowActionButton
      label="Revoke"
      ariaLabel={`Revoke ${name}`}
      confirm={`Revoke the token "${name}"? Anything using it stops working at once.`}
      action={() => revokeTokenAction(org, tokenId)}
    />
  );
}
