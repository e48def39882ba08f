/**
 * The pricing context tier from a source's label: "above_200k" for the long-context tier Anthropic ("> 200k",
 * "200k-1M") and Gemini ("> 200k tokens", "long context") price apart; null for the base tier.
 */
export function contextTierOf(label: string | null | undefined): string | null {
  if (!label) return null;
  const compact = label.replace(/\s+/g, "").toLowerCase();
  return /^(>|>=|≥)200k|^200k-1m$|^long$/.test(compact) ? "above_200k" : null;
}
