// The cheaper model in the same family, for routing down (the budget dial's "downgrade") and for recommendations:
// the next tier down within one model generation's family, where the providers offer the same API and features.
// A short hand-kept table: no price list says which models are interchangeable, and price alone would pair
// unrelated models. The unit test checks every pair against the catalog (both priced, the target cheaper).

const CHEAPER: Record<string, string> = {
  "gpt-5-pro": "gpt-5",
  "gpt-5": "gpt-5-mini",
  "gpt-5-mini": "gpt-5-nano",
  "gpt-5.4": "gpt-5.4-mini",
  "gpt-5.4-mini": "gpt-5.4-nano",
  "gpt-4.1": "gpt-4.1-mini",
  "gpt-4.1-mini": "gpt-4.1-nano",
  "gpt-4o": "gpt-4o-mini",
  "claude-opus-4-7": "claude-sonnet-4-6",
  "claude-opus-4-6": "claude-sonnet-4-6",
  "claude-opus-4-5": "claude-sonnet-4-5",
  "claude-opus-4-1": "claude-sonnet-4-5",
  "claude-opus-4": "claude-sonnet-4",
  "claude-sonnet-4-6": "claude-haiku-4-5",
  "claude-sonnet-4-5": "claude-haiku-4-5",
  "claude-sonnet-4": "claude-haiku-4-5",
  "gemini-3-pro-preview": "gemini-3-flash-preview",
  "gemini-2.5-pro": "gemini-2.5-flash",
  "gemini-2.5-flash": "gemini-2.5-flash-lite",
  "gemini-2.0-flash": "gemini-2.0-flash-lite",
  "nova-premier": "nova-pro",
  "nova-pro": "nova-lite",
  "nova-lite": "nova-micro",
};

export const CHEAPER_PAIRS: readonly (readonly [string, string])[] = Object.entries(CHEAPER);

/** "gpt-4o-2024-08-06" → "gpt-4o", "claude-sonnet-4-5-20250929" → "claude-sonnet-4-5": the model without its snapshot date. */
export function baseModel(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/-\d{4}-\d{2}-\d{2}$/, "")
    .replace(/-\d{8}$/, "");
}

/** The next cheaper model in the same family, or null (already the cheapest, or a family this table does not know). */
export function cheaperModel(model: string): string | null {
  return CHEAPER[baseModel(model)] ?? null;
}
