import { describe, expect, it } from "vitest";
import { contextTierOf } from "@/lib/ingest/context-tier";
import { modelFromCamelToken, normalizeModelId } from "@/lib/ingest/model-names";

describe("normalizeModelId", () => {
  it.each([
    ["Claude Haiku 4.5", "claude-haiku-4-5"],
    ["Claude Sonnet 4.5 (Amazon Bedrock Edition)", "claude-sonnet-4-5"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929"],
    ["us.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620"],
    ["anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku-20240307"],
    ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku-20240307"],
    ["openai/gpt-4o", "gpt-4o"],
    ["GPT-4.1", "gpt-4.1"],
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"],
    ["Gemini 2.5 Pro", "gemini-2.5-pro"],
    ["  ", null],
    [null, null],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeModelId(raw)).toBe(expected);
  });
});

describe("modelFromCamelToken", () => {
  it.each([
    ["Claude4.6Sonnet", "claude-sonnet-4-6"],
    ["Claude4.6Opus", "claude-opus-4-6"],
    ["Claude3.5Haiku", "claude-3-5-haiku"],
    ["Claude4Opus", "claude-opus-4"],
    ["NovaPro", "nova-pro"],
    ["NovaMicro", "nova-micro"],
  ])("%s → %s", (token, expected) => {
    expect(modelFromCamelToken(token)).toBe(expected);
  });
});

describe("contextTierOf", () => {
  it.each([
    ["200k-1M", "above_200k"],
    ["> 200k", "above_200k"],
    [">= 200k", "above_200k"],
    ["long", "above_200k"],
    ["0-200k", null],
    ["≤ 200k", null],
    [null, null],
  ])("%s → %s", (label, tier) => expect(contextTierOf(label)).toBe(tier));
});
