import { describe, expect, it } from "vitest";
import { diffPriceList, parsePriceList } from "@/lib/pricing/price-list";

// Shaped like LiteLLM's model_prices_and_context_window.json (reference/provider-formats.md §6).
const LIST = {
  sample_spec: { input_cost_per_token: 0, litellm_provider: "one of https://docs.litellm.ai/docs/providers" },
  "claude-sonnet-4-5": {
    input_cost_per_token: 3e-6,
    output_cost_per_token: 1.5e-5,
    cache_read_input_token_cost: 3e-7,
    cache_creation_input_token_cost: 3.75e-6,
    cache_creation_input_token_cost_above_1hr: 6e-6,
    input_cost_per_token_above_200k_tokens: 6e-6,
    output_cost_per_token_above_200k_tokens: 2.25e-5,
    input_cost_per_token_batches: 1.5e-6,
    output_cost_per_token_batches: 7.5e-6,
    litellm_provider: "anthropic",
    mode: "chat",
    max_input_tokens: 200000,
    supports_vision: true,
  },
  "gpt-4o": { input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, cache_read_input_token_cost: 1.25e-6, input_cost_per_token_priority: 4.25e-6, output_cost_per_token_priority: 1.7e-5, litellm_provider: "openai" },
  "azure/gpt-4o": { input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, litellm_provider: "azure" },
  "bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0": { input_cost_per_token: 8e-7, output_cost_per_token: 4e-6, litellm_provider: "bedrock" },
  "vertex_ai/gemini-2.5-pro": { input_cost_per_token: 1.25e-6, output_cost_per_token: 1e-5, input_cost_per_token_above_200k_tokens: 2.5e-6, output_cost_per_token_above_200k_tokens: 1.5e-5, litellm_provider: "vertex_ai-language-models" },
  "mistral/mistral-large": { input_cost_per_token: 2e-6, output_cost_per_token: 6e-6, litellm_provider: "mistral" },
  "dall-e-3": { output_cost_per_image: 0.04, litellm_provider: "openai", mode: "image_generation" },
};

describe("reading a price list in the open JSON format", () => {
  const parsed = parsePriceList(LIST);
  const find = (model: string, tier = "standard", context = "") =>
    parsed.entries.find((entry) => entry.model === model && entry.serviceTier === tier && entry.contextTier === context);

  it("converts per-token prices to exact per-million prices", () => {
    expect(find("claude-sonnet-4-5")).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      serviceTier: "standard",
      contextTier: "",
      uncachedInput: "3",
      cacheRead: "0.3",
      cacheWrite5m: "3.75",
      cacheWrite1h: "6",
      output: "15",
    });
  });

  it("reads tier and context variants as their own rows", () => {
    expect(find("claude-sonnet-4-5", "batch")).toMatchObject({ uncachedInput: "1.5", output: "7.5" });
    expect(find("claude-sonnet-4-5", "standard", "above_200k")).toMatchObject({ uncachedInput: "6", output: "22.5" });
    expect(find("gpt-4o", "priority")).toMatchObject({ uncachedInput: "4.25", output: "17" });
    expect(find("gemini-2.5-pro", "standard", "above_200k")).toMatchObject({ provider: "gcp-vertex", uncachedInput: "2.5" });
  });

  it("maps providers and model keys to the ledger's ids", () => {
    expect(find("gpt-4o")?.provider).toBe("openai");
    expect(parsed.entries.find((entry) => entry.provider === "azure-openai")?.model).toBe("gpt-4o");
    expect(parsed.entries.find((entry) => entry.provider === "aws-bedrock")?.model).toBe("claude-3-5-haiku-20241022");
  });

  it("skips the spec, unknown providers and models without token prices, and ignores unknown keys", () => {
    expect(parsed.entries.some((entry) => entry.model.includes("mistral-large"))).toBe(false);
    expect(parsed.skippedModels).toBe(2);
    expect(parsed.ignoredKeys).toEqual(["max_input_tokens", "supports_vision"]);
    expect(() => parsePriceList([])).toThrow("The price list must be a JSON object with one key per model.");
  });

  it("shows what would change before anything is applied", () => {
    const current = [
      { provider: "openai", model: "gpt-4o", serviceTier: "standard" as const, contextTier: "" as const, uncachedInput: "5", cacheRead: "1.25", cacheWrite5m: null, cacheWrite1h: null, output: "10" },
      { provider: "anthropic", model: "claude-sonnet-4-5", serviceTier: "standard" as const, contextTier: "" as const, uncachedInput: "3.000", cacheRead: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" },
    ];
    const diff = diffPriceList(current, parsed.entries);
    expect(diff.changed.map((change) => [change.before.uncachedInput, change.after.uncachedInput])).toEqual([["5", "2.5"]]);
    expect(diff.unchanged).toBe(1);
    expect(diff.added.length).toBe(parsed.entries.length - 2);
  });
});
