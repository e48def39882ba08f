import path from "node:path";
import { describe, expect, it } from "vitest";
import { headerSignature } from "@/lib/ingest/formats/custom";
import { readFixture } from "@/lib/ingest/formats/map-fixture";
import { detectFormat } from "@/lib/ingest/registry";

const FIXTURES = path.resolve(import.meta.dirname, "formats/fixtures");
const SAMPLES = path.resolve(import.meta.dirname, "../../test/samples");

describe("format detection from the header alone", () => {
  it.each([
    ["openai-costs.csv", "openai-costs"],
    ["openai-usage-completions.csv", "openai-usage"],
    ["openai-usage-embeddings.csv", "openai-usage"],
    ["openai-usage-images.csv", "openai-usage"],
    ["openai-usage-audio-transcriptions.csv", "openai-usage"],
    ["anthropic-usage.csv", "anthropic-usage"],
    ["anthropic-costs.csv", "anthropic-costs"],
    ["aws-cur-bedrock.csv", "aws-cur"],
    ["azure-cost-actual.csv", "azure-cost"],
    ["azure-cost-ea.csv", "azure-cost"],
    ["gcp-billing-vertex.csv", "gcp-billing"],
    ["azure-focus.csv", "focus"],
  ])("%s is %s", (file, format) => {
    const detection = detectFormat(readFixture(path.join(FIXTURES, file)).headers);
    expect(detection.ok && detection.mapper.id).toBe(format);
  });

  it.each([
    "focus-1.0-official/focus_sample.csv",
    "focus-1.2-spec-examples/virtual_currency_pricing_model_a1.csv",
    "focus-1.2-spec-examples/virtual_currency_pricing_model_a2.csv",
    "focus-draft-ai-examples/ai_prompt_caching_a.csv",
    "focus-draft-ai-examples/ai_prompt_caching_b.csv",
    "focus-draft-ai-examples/multi_model_invoice_via_csp_marketplace.csv",
    "focus-draft-ai-examples/drawdown_via_prepayment_frontier_model_api.csv",
  ])("the shared sample %s is FOCUS", (file) => {
    const detection = detectFormat(readFixture(path.join(SAMPLES, file)).headers);
    expect(detection.ok && detection.mapper.id).toBe("focus");
  });

  it("prefers a saved mapping made for exactly this header", () => {
    const headers = ["when", "llm", "tokens_in", "tokens_out", "usd"];
    const saved = [{ name: "gateway", headerSignature: "", mapping: { date: "when", provider: { value: "openai" } } }];
    expect(detectFormat(headers, saved).ok).toBe(false);
    const match = detectFormat(["LLM", "when", "tokens_in", "tokens_out", "usd"], [{ ...saved[0]!, headerSignature: headerSignature(headers) }]);
    expect(match.ok && match.mapper.id).toBe("custom:gateway");
    expect(detectFormat(headers, saved, "missing")).toEqual({ ok: false, message: 'There is no saved mapping named "missing".' });
  });
});
