"use client";

import { useState } from "react";
import { createOverrideAction } from "@/app/(app)/[org]/prices/actions";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { PROVIDER_LABELS } from "@/lib/ingest/providers";
import { OverrideInputSchema, SERVICE_TIERS, TOKEN_TYPES, TOKEN_TYPE_LABELS } from "@/lib/pricing/schemas";

/** A contract price per model and token type, or a discount per provider or model, from a date. */
export function OverrideForm({ org, models }: { org: string; models: { provider: string; model: string }[] }) {
  const [notice, setNotice] = useState<string>();
  const providers = [...new Set(models.map((entry) => entry.provider))];
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: OverrideInputSchema,
    defaultValues: { provider: providers[0] ?? "", model: "", serviceTier: "", kind: "discount", tokenType: "uncachedInput", pricePerMillion: "", discountPercent: "", validFrom: new Date().toISOString().slice(0, 10), validTo: "", note: "" },
    action: (values) => {
      setNotice(undefined);
      return createOverrideAction(org, { ...values, validTo: values.validTo || null, note: values.note || null });
    },
    onSuccess: (override) => {
      setNotice(`Saved. It prices usage from ${override.validFrom} as it arrives; re-rate earlier days below to apply it to them.`);
      form.reset({ ...form.getValues(), pricePerMillion: "", discountPercent: "", note: "" });
    },
  });
  const kind = form.watch("kind");
  const provider = form.watch("provider");
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add a contract price">
      <FormError message={formError} />
      <FormNotice message={notice} />
      <fieldset className="flex gap-6 text-sm">
        <legend className="sr-only">Kind</legend>
        <label className="flex items-center gap-2">
          <input type="radio" value="discount" {...form.register("kind")} /> Discount off list
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" value="price" {...form.register("kind")} /> Price per token type
        </label>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField label="Provider" error={errorOf("provider")} {...form.register("provider")}>
          {providers.map((value) => (
            <option key={value} value={value}>
              {PROVIDER_LABELS[value] ?? value}
            </option>
          ))}
        </SelectField>
        <SelectField label="Model" error={errorOf("model")} {...form.register("model")}>
          <option value="">{kind === "discount" ? "Every model of the provider" : "Pick a model"}</option>
          {models
            .filter((entry) => entry.provider === provider)
            .map((entry) => (
              <option key={entry.model} value={entry.model}>
                {entry.model}
              </option>
            ))}
        </SelectField>
        <SelectField label="Service tier" error={errorOf("serviceTier")} {...form.register("serviceTier")}>
          <option value="">Every tier</option>
          {SERVICE_TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {tier}
            </option>
          ))}
        </SelectField>
        {kind === "discount" ? (
          <TextField label="Discount (%)" inputMode="decimal" placeholder="12.5" error={errorOf("discountPercent")} {...form.register("discountPercent")} />
        ) : (
          <>
            <SelectField label="Token type" error={errorOf("tokenType")} {...form.register("tokenType")}>
              {TOKEN_TYPES.map((type) => (
                <option key={type} value={type}>
                  {TOKEN_TYPE_LABELS[type]}
                </option>
              ))}
            </SelectField>
            <TextField label="Price per million tokens (USD)" inputMode="decimal" placeholder="2.25" error={errorOf("pricePerMillion")} {...form.register("pricePerMillion")} />
          </>
        )}
        <TextField label="Valid from" type="date" error={errorOf("validFrom")} {...form.register("validFrom")} />
        <TextField label="Valid until (exclusive, optional)" type="date" error={errorOf("validTo")} {...form.register("validTo")} />
        <TextField label="Note" placeholder="e.g. 2026 enterprise agreement" error={errorOf("note")} {...form.register("note")} />
      </div>
      <Button type="submit" disabled={submitting}>
        Add contract price
      </Button>
    </form>
  );
}
