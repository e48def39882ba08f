"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createConnectionAction } from "@/app/(app)/[org]/connections/actions";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice, SelectField, TextField } from "@/components/ui/field";
import { connectionKeys } from "@/components/connections/connections-api";
import { useActionForm } from "@/components/ui/use-action-form";
import { ConnectionInputSchema, PROVIDER_CHOICES } from "@/lib/connections/schemas";

const KEY_HINT = {
  openai: "An organization admin key (sk-admin-…), from platform.openai.com → Settings → Admin keys.",
  anthropic: "An admin key (sk-ant-admin…), from console.anthropic.com → Settings → Admin keys.",
} as const;

export function ConnectionForm({ org }: { org: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const [ninetyDaysAgo] = useState(() => new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10));
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: ConnectionInputSchema,
    defaultValues: { provider: "openai", name: "", adminKey: "", baseUrl: "", backfillFrom: ninetyDaysAgo },
    action: (values) => {
      setNotice(undefined);
      return createConnectionAction(org, values);
    },
    onSuccess: (connection) => {
      setNotice(`Connected "${connection.name}": the key works. Importing usage and costs since ${connection.backfillFrom}…`);
      form.reset({ ...form.getValues(), name: "", adminKey: "", baseUrl: "" });
      // The list polls the API; tell it there is something new (router.refresh alone keeps its cached copy).
      void queryClient.invalidateQueries({ queryKey: connectionKeys.all(org) });
      router.refresh();
    },
  });
  const provider = form.watch("provider");
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add a connection">
      <FormError message={formError} />
      <FormNotice message={notice} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Provider" error={errorOf("provider")} {...form.register("provider")}>
          {PROVIDER_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <TextField label="Name" placeholder="e.g. OpenAI production org" error={errorOf("name")} {...form.register("name")} />
        <TextField
          label="Admin key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          hint={`${KEY_HINT[provider]} Checked now, stored encrypted, never shown again.`}
          error={errorOf("adminKey")}
          {...form.register("adminKey")}
        />
        <TextField label="Import from" type="date" hint="The backfill starts on this day; then an hourly sync keeps it current." error={errorOf("backfillFrom")} {...form.register("backfillFrom")} />
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">Advanced: base URL</summary>
        <div className="mt-3 max-w-xl">
          <TextField
            label="Base URL (optional)"
            placeholder={provider === "openai" ? "https://api.openai.com/v1" : "https://api.anthropic.com"}
            hint="For a proxy or a regional endpoint."
            error={errorOf("baseUrl")}
            {...form.register("baseUrl")}
          />
        </div>
      </details>
      <Button type="submit" disabled={submitting}>
        {submitting ? "Checking the key…" : "Connect"}
      </Button>
    </form>
  );
}
