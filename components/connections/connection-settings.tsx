"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteConnectionAction, updateConnectionAction } from "@/app/(app)/[org]/connections/actions";
import { DeleteButton } from "@/components/settings/delete-button";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { ConnectionPatchSchema, type ConnectionView } from "@/lib/connections/schemas";

/** Replace the key (a failing connection resumes), rename, or delete. */
export function ConnectionSettings({ org, connection }: { org: string; connection: ConnectionView }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: ConnectionPatchSchema,
    defaultValues: { name: connection.name, adminKey: undefined, baseUrl: connection.baseUrl ?? "" },
    action: (values) => {
      setNotice(undefined);
      return updateConnectionAction(org, connection.id, { ...values, adminKey: values.adminKey || undefined });
    },
    onSuccess: (result) => {
      setNotice(result.status === "active" ? "Saved. Syncing resumes within minutes." : "Saved.");
      form.setValue("adminKey", undefined);
      router.refresh();
    },
  });
  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Change the connection">
        <FormError message={formError} />
        <FormNotice message={notice} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Name" error={errorOf("name")} {...form.register("name")} />
          <TextField
            label="New admin key"
            type="password"
            autoComplete="off"
            placeholder={`current: ${connection.keyHint}`}
            hint="Leave empty to keep the current key."
            error={errorOf("adminKey")}
            {...form.register("adminKey", { setValueAs: (value: string) => value || undefined })}
          />
          <TextField label="Base URL (optional)" error={errorOf("baseUrl")} {...form.register("baseUrl")} />
        </div>
        <Button type="submit" disabled={submitting}>
          {submitting ? "Checking…" : "Save"}
        </Button>
      </form>
      <div className="border-t border-slate-200 pt-4">
        <DeleteButton
          label="Delete connection"
          confirm={`Delete "${connection.name}"? Syncing stops; the usage it imported stays in the ledger.`}
          action={() => deleteConnectionAction(org, connection.id)}
        />
      </div>
    </div>
  );
}
