import { describe, expect, it } from "vitest";
import { whatIfInputOf, whatIfSearchOf } from "@/lib/what-if/schemas";
import { findTargetModel, targetModels } from "@/lib/what-if/target-models";

describe("the what-if's target models", () => {
  it("offers each text model once, by provider then model, without per-unit models or embeddings", () => {
    const models = targetModels("2026-03-15");
    const keys = models.map((model) => `${model.provider}/${model.model}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort((a, b) => a.split("/")[0]!.localeCompare(b.split("/")[0]!) || a.split("/")[1]!.localeCompare(b.split("/")[1]!)));
    expect(keys).toEqual(expect.arrayContaining(["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "aws-bedrock/claude-haiku-4-5"]));
    for (const excluded of ["openai/text-embedding-3-small", "openai/dall-e-3", "openai/tts-1", "anthropic/web-search"]) expect(keys).not.toContain(excluded);
  });

  it("reads a dated id as its model, and knows only the provider's own models on the day", () => {
    expect(findTargetModel("anthropic", "claude-haiku-4-5-20251001", "2026-03-15")).toEqual({ provider: "anthropic", model: "claude-haiku-4-5" });
    expect(findTargetModel("OpenAI", "GPT-4o-2024-08-06", "2026-03-15")).toEqual({ provider: "openai", model: "gpt-4o" });
    expect(findTargetModel("anthropic", "gpt-4o-mini", "2026-03-15")).toBeNull();
    expect(findTargetModel("openai", "gpt-17", "2026-03-15")).toBeNull();
    // Released 2025-10-01: not a target before.
    expect(findTargetModel("anthropic", "claude-haiku-4-5", "2025-09-30")).toBeNull();
  });
});

describe("the what-if form's address", () => {
  it("turns ?scope=…&model=…&cache=… into the API's input", () => {
    expect(whatIfInputOf(whatIfSearchOf({ scope: "workflow:cm1", model: "openai/gpt-4o-mini", cache: "37.5" }))).toEqual({ workflowId: "cm1", provider: "openai", model: "gpt-4o-mini", cacheHitShare: 37.5 });
    expect(whatIfInputOf(whatIfSearchOf({ scope: "team:cm2", model: "aws-bedrock/claude-haiku-4-5", cache: "" }))).toEqual({ teamId: "cm2", provider: "aws-bedrock", model: "claude-haiku-4-5", cacheHitShare: 0 });
    // Not a number: left for the schema to refuse by name.
    expect(whatIfInputOf(whatIfSearchOf({ scope: "team:cm2", model: "openai/gpt-4o", cache: "lots" }))).toMatchObject({ cacheHitShare: "lots" });
    expect(whatIfInputOf(whatIfSearchOf({ scope: ["workflow:a", "workflow:b"], model: "openai/gpt-4o" }))).toMatchObject({ workflowId: "a" });
    expect(whatIfInputOf(whatIfSearchOf({ model: "openai/gpt-4o" }))).toBeNull();
  });
});
