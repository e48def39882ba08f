"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormNotice, TextField } from "@/components/ui/field";
import { api, ApiError, apiUrl } from "@/lib/api/client";
import { PROVIDER_LABELS } from "@/lib/ingest/providers";
import { formatCount, formatMoney } from "@/lib/money";
import { TOKEN_TYPES, TOKEN_TYPE_LABELS } from "@/lib/pricing/schemas";
import type { z } from "zod";
import type { PriceListImportSchema } from "@/lib/pricing/schemas";

type ImportResult = z.infer<typeof PriceListImportSchema>;
type Entry = ImportResult["diff"]["added"][number];

const tier = (entry: Entry) => `${entry.serviceTier}${entry.contextTier ? `, ${entry.contextTier.replace("_", " ")}` : ""}`;
const money = (value: string | null) => (value === null ? "—" : formatMoney(value, "USD", { precise: true }));

function Changes({ before, after }: { before: Entry; after: Entry }) {
  const changed = TOKEN_TYPES.filter((type) => before[type] !== after[type]);
  return changed.map((type) => (
    <span key={type} className="mr-3 whitespace-nowrap">
      {TOKEN_TYPE_LABELS[type]}: <del className="text-slate-500">{money(before[type])}</del> → <ins className="font-medium no-underline">{money(after[type])}</ins>
    </span>
  ));
}

/** Upload a price list in the open JSON format: the diff first, then the change from a chosen day. */
export function PriceListImport({ org }: { org: string }) {
  const router = useRouter();
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [effectiveFrom, setEffectiveFrom] = useState(() => new Date().toISOString().slice(0, 10));
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function send(apply: boolean) {
    if (!text) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const result = await api<ImportResult>(apiUrl("/api/v1/prices/import", org, { apply: apply ? "true" : null, effectiveFrom }), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: text,
      });
      if (apply) {
        setPreview(null);
        setText(null);
        setNotice(`Applied from ${result.effectiveFrom}: ${formatCount(result.diff.added.length)} prices added, ${formatCount(result.diff.changed.length)} changed. Re-rate the days since to apply them to recorded usage.`);
        router.refresh();
      } else setPreview(result);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "The price list could not be read.");
    } finally {
      setBusy(false);
    }
  }

  const changes = preview ? preview.diff.added.length + preview.diff.changed.length : 0;
  return (
    <div className="space-y-4">
      <FormError message={error} />
      <FormNotice message={notice} />
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium text-slate-800">
          Price list (JSON)
          <input
            type="file"
            accept="application/json,.json"
            className="mt-1 block text-sm"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              setPreview(null);
              setNotice(undefined);
              setError(undefined);
              if (!file) return setText(null);
              setFileName(file.name);
              const content = await file.text();
              try {
                JSON.parse(content);
                setText(content);
              } catch {
                setText(null);
                setError(`${file.name} is not valid JSON.`);
              }
            }}
          />
        </label>
        <div className="w-44">
          <TextField label="Effective from" type="date" value={effectiveFrom} onChange={(event) => setEffectiveFrom(event.target.value)} />
        </div>
        <Button type="button" variant="secondary" disabled={!text || busy} onClick={() => send(false)}>
          Show changes
        </Button>
      </div>
      {preview ? (
        <section aria-label="Price list changes" className="space-y-3 rounded-md border border-slate-200 p-3">
          <p className="text-sm text-slate-800">
            {fileName}: {formatCount(preview.entries)} prices read, {formatCount(preview.skippedModels)} entries skipped (other providers or no token prices),{" "}
            {formatCount(preview.ignoredKeys.length)} unknown keys ignored. <strong>{formatCount(preview.diff.added.length)} new</strong>,{" "}
            <strong>{formatCount(preview.diff.changed.length)} changed</strong>, {formatCount(preview.diff.unchanged)} unchanged.
          </p>
          {changes ? (
            <div className="max-h-96 overflow-y-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Prices the list adds or changes</caption>
                <thead>
                  <tr className="text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    <th scope="col" className="px-2 py-1.5">Model</th>
                    <th scope="col" className="px-2 py-1.5">Tier</th>
                    <th scope="col" className="px-2 py-1.5">Change (per million tokens)</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {preview.diff.changed.map(({ before, after }) => (
                    <tr key={`c/${after.provider}/${after.model}/${tier(after)}`}>
                      <td className="px-2 py-1.5">
                        {after.model} <span className="text-slate-600">· {PROVIDER_LABELS[after.provider] ?? after.provider}</span>
                      </td>
                      <td className="px-2 py-1.5">{tier(after)}</td>
                      <td className="px-2 py-1.5">
                        <Changes before={before} after={after} />
                      </td>
                    </tr>
                  ))}
                  {preview.diff.added.map((entry) => (
                    <tr key={`a/${entry.provider}/${entry.model}/${tier(entry)}`}>
                      <td className="px-2 py-1.5">
                        {entry.model} <span className="text-slate-600">· {PROVIDER_LABELS[entry.provider] ?? entry.provider}</span>
                      </td>
                      <td className="px-2 py-1.5">{tier(entry)}</td>
                      <td className="px-2 py-1.5">
                        new: input {money(entry.uncachedInput)}, output {money(entry.output)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Button type="button" disabled={busy || changes === 0} onClick={() => send(true)}>
            {changes ? `Apply ${formatCount(changes)} changes from ${effectiveFrom}` : "Nothing to apply"}
          </Button>
        </section>
      ) : null}
    </div>
  );
}
