"use client";

import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { PROVIDER_LABELS } from "@/lib/ingest/providers";
import type { WhatIfChoices, WhatIfSearch } from "@/lib/what-if/schemas";

// A GET form: submitting puts the choice in the address bar, so a result can be shared as a link.

export type WhatIfFormErrors = Partial<Record<keyof WhatIfSearch, string>>;

export function WhatIfForm({ choices, search, errors }: { choices: WhatIfChoices; search: WhatIfSearch; errors: WhatIfFormErrors }) {
  const providers = [...new Set(choices.models.map((model) => model.provider))];
  return (
    <form method="get" className="grid gap-4 md:grid-cols-[2fr_2fr_1fr_auto] md:items-start">
      <SelectField label="Workflow or team" name="scope" defaultValue={search.scope} error={errors.scope} required>
        <option value="">Choose…</option>
        {choices.workflows.length > 0 ? (
          <optgroup label="Workflows">
            {choices.workflows.map((workflow) => (
              <option key={workflow.id} value={`workflow:${workflow.id}`}>
                {workflow.name}
                {workflow.teamName ? ` (${workflow.teamName})` : ""}
              </option>
            ))}
          </optgroup>
        ) : null}
        {choices.teams.length > 0 ? (
          <optgroup label="Teams (with their sub-teams)">
            {choices.teams.map((team) => (
              <option key={team.id} value={`team:${team.id}`}>
                {team.name}
              </option>
            ))}
          </optgroup>
        ) : null}
      </SelectField>
      <SelectField label="Target model" name="model" defaultValue={search.model} error={errors.model} required>
        <option value="">Choose…</option>
        {providers.map((provider) => (
          <optgroup key={provider} label={PROVIDER_LABELS[provider] ?? provider}>
            {choices.models
              .filter((model) => model.provider === provider)
              .map((model) => (
                <option key={model.model} value={`${model.provider}/${model.model}`}>
                  {model.model}
                </option>
              ))}
          </optgroup>
        ))}
      </SelectField>
      <TextField
        label="Expected cache hits (%)"
        name="cache"
        type="number"
        inputMode="decimal"
        min={0}
        max={100}
        step="any"
        defaultValue={search.cache || "0"}
        error={errors.cache}
        hint="Share of input read from the prompt cache."
      />
      <Button type="submit" className="md:mt-6">
        Simulate
      </Button>
    </form>
  );
}
