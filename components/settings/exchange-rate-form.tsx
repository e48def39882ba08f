"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveRateAction } from "@/app/(app)/[org]/settings/exchange-rates/actions";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { api, ApiError, apiUrl } from "@/lib/api/client";
import { formatCount } from "@/lib/money";
import { ExchangeRateInputSchema } from "@/lib/pricing/schemas";

/** One dated rate to the reporting currency. */
export function ExchangeRateForm({ org, reportingCurrency, suggestedCurrency }: { org: string; reportingCurrency: string; suggestedCurrency?: string }) {
  const [notice, setNotice] = useState<string>();
  const { form, onSubmit, formError, errorOf, submitting } = useActionForm({
    schema: ExchangeRateInputSchema,
    defaultValues: { currency: suggestedCurrency ?? "", day: new Date().toISOString().slice(0, 10), rate: "" },
    action: (values) => {
      setNotice(undefined);
      return saveRateAction(org, values);
    },
    onSuccess: (rate) => {
      setNotice(`Saved: 1 ${rate.fromCurrency} = ${rate.rate} ${rate.toCurrency} from ${rate.day}.`);
      form.reset({ ...form.getValues(), rate: "" });
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add an exchange rate">
      <FormError message={formError} />
      <FormNotice message={notice} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Currency" placeholder="EUR" maxLength={3} autoCapitalize="characters" error={errorOf("currency")} {...form.register("currency")} />
        <TextField label="Date" type="date" error={errorOf("day")} {...form.register("day")} />
        <TextField label={`Rate (1 unit in ${reportingCurrency})`} inputMode="decimal" placeholder="1.0842" error={errorOf("rate")} {...form.register("rate")} />
      </div>
      <Button type="submit" disabled={submitting}>
        Save rate
      </Button>
    </form>
  );
}

/** A CSV of date, currency, rate: all rows or none, with every bad line named. */
export function ExchangeRatesImport({ org }: { org: string }) {
  const router = useRouter();
  const [error, setError] = useState<{ message: string; lines: [string, string[]][] }>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-3">
      {error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>{error.message}</p>
          {error.lines.length ? (
            <ul className="mt-1 list-disc pl-5">
              {error.lines.slice(0, 20).map(([where, messages]) => (
                <li key={where}>
                  {where}: {messages.join("; ")}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <FormNotice message={notice} />
      <label className="block text-sm font-medium text-slate-800">
        Rates file (CSV: date, currency, rate)
        <input
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          className="mt-1 block text-sm"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            setBusy(true);
            setError(undefined);
            setNotice(undefined);
            try {
              const result = await api<{ saved: number }>(apiUrl("/api/v1/exchange-rates/import", org), { method: "POST", headers: { "Content-Type": "text/csv" }, body: await file.text() });
              setNotice(`${file.name}: ${formatCount(result.saved)} rates saved.`);
              router.refresh();
            } catch (caught) {
              if (caught instanceof ApiError) setError({ message: `${file.name}: ${caught.message}`, lines: Object.entries(caught.fieldErrors) });
              else setError({ message: `${file.name} could not be sent.`, lines: [] });
            } finally {
              setBusy(false);
              event.target.value = "";
            }
          }}
        />
      </label>
    </div>
  );
}
