"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { saveMappingRequest } from "@/components/uploads/upload-queries";
import { SaveMappingSchema } from "@/lib/ingest/formats/custom-schema";
import { fieldErrorsOf } from "@/lib/errors";

const COLUMN_FIELDS = [
  ["date", "Date or start time", true],
  ["model", "Model", false],
  ["project", "Project / workspace", false],
  ["apiKey", "API key", false],
  ["serviceTier", "Service tier", false],
  ["requests", "Requests", false],
  ["cost", "Cost", false],
  ["team", "Team", false],
  ["workflow", "Workflow", false],
] as const;

const TOKEN_FIELDS = [
  ["uncachedInputTokens", "Input tokens"],
  ["cacheReadInputTokens", "Cache-read input tokens"],
  ["cacheWrite5mInputTokens", "Cache-write tokens (5 min)"],
  ["cacheWrite1hInputTokens", "Cache-write tokens (1 h)"],
  ["outputTokens", "Output tokens"],
] as const;

/** Builds a column mapping for a CSV no built-in format reads; saved by name and offered for the same header. */
export function MappingBuilder({ org, headers, onSaved }: { org: string; headers: string[]; onSaved: (name: string) => void }) {
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [provider, setProvider] = useState("");
  const [currency, setCurrency] = useState("USD");
  const [name, setName] = useState("");
  const [inputIncludesCached, setInputIncludesCached] = useState(false);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const pick = (key: string) => columns[key] || null;
  const columnSelect = (key: string, label: string, required = false) => (
    <SelectField key={key} label={label + (required ? "" : " (optional)")} value={columns[key] ?? ""} onChange={(event) => setColumns({ ...columns, [key]: event.target.value })}>
      <option value="">{required ? "Pick a column" : "—"}</option>
      {headers.map((header) => (
        <option key={header} value={header}>{header}</option>
      ))}
    </SelectField>
  );
  const save = async () => {
    const body = {
      name,
      headers,
      mapping: {
        date: pick("date") ?? "",
        provider: headers.includes(provider) ? { column: provider } : { value: provider || null },
        model: pick("model"),
        project: pick("project"),
        apiKey: pick("apiKey"),
        serviceTier: pick("serviceTier"),
        requests: pick("requests"),
        cost: pick("cost"),
        team: pick("team"),
        workflow: pick("workflow"),
        currency: headers.includes(currency) ? { column: currency } : { value: currency },
        tokens: Object.fromEntries(TOKEN_FIELDS.map(([key]) => [key, pick(key)])),
        inputIncludesCached,
      },
    };
    const parsed = SaveMappingSchema.safeParse(body);
    if (!parsed.success) {
      const fields = fieldErrorsOf(parsed.error);
      setError(Object.entries(fields).map(([field, messages]) => `${field || "mapping"}: ${messages[0]}`).join(" · "));
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await saveMappingRequest(org, parsed.data);
      onSaved(parsed.data.name);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="space-y-4" data-testid="mapping-builder">
      <p className="text-sm text-slate-700">Map this file&apos;s columns once; the mapping is saved and used again whenever a file with the same columns arrives.</p>
      <FormError message={error} />
      <div className="grid gap-3 sm:grid-cols-3">
        {COLUMN_FIELDS.map(([key, label, required]) => columnSelect(key, label, required))}
        <TextField label="Provider (column name or value)" list="mapping-headers" value={provider} onChange={(event) => setProvider(event.target.value)} placeholder="e.g. openai" />
        <TextField label="Currency (column name or code)" list="mapping-headers" value={currency} onChange={(event) => setCurrency(event.target.value)} />
        <datalist id="mapping-headers">
          {headers.map((header) => (
            <option key={header} value={header} />
          ))}
        </datalist>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">{TOKEN_FIELDS.map(([key, label]) => columnSelect(key, label))}</div>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={inputIncludesCached} onChange={(event) => setInputIncludesCached(event.target.checked)} className="size-4" />
        The input column also counts cached tokens (as OpenAI&apos;s does): subtract them
      </label>
      <div className="flex items-end gap-3">
        <div className="w-72">
          <TextField label="Mapping name" value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. LLM gateway log" />
        </div>
        <Button onClick={save} disabled={saving}>Save mapping</Button>
      </div>
    </div>
  );
}
