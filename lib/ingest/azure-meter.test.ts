import { describe, expect, it } from "vitest";
import { parseAzureMeter } from "@/lib/ingest/azure-meter";

describe("parseAzureMeter", () => {
  it.each([
    ["gpt-4o 1120 Inp glbl Tokens", "1K", { model: "gpt-4o", bucket: "uncachedInputTokens", deployment: "global", tokensPerUnit: 1000 }],
    ["gpt-4o 1120 Outp glbl Tokens", "1K", { model: "gpt-4o", bucket: "outputTokens", deployment: "global" }],
    ["gpt 4o 1120 cached Inp glbl Tokens", "1K", { model: "gpt-4o", bucket: "cacheReadInputTokens" }],
    ["o3 0416 Inp glbl Tokens", "1K", { model: "o3", bucket: "uncachedInputTokens" }],
    ["o4-mini 0416 Outp DZone Tokens", "1K", { model: "o4-mini", bucket: "outputTokens", deployment: "datazone" }],
    ["GPT 5 Inpt Glbl 1M Tokens", null, { model: "gpt-5", tokensPerUnit: 1_000_000 }],
    ["5.4 inp Gl 1M Tokens", "1M", { model: "gpt-5.4", deployment: "global" }],
    ["5.5 ShortCo inp Dz 1M Tokens", "1M", { model: "gpt-5.5", deployment: "datazone" }],
    ["gpt-oss-120B Inp glbl Tokens", "1K", { model: "gpt-oss-120b" }],
    ["Grok 4.1 Inp DZone Tokens", "1K", { model: "grok-4.1" }],
    ["gpt-4o-mini 0718 Inp regnl Tokens", "1K", { model: "gpt-4o-mini", deployment: "regional" }],
  ])("%s", (meter, unit, expected) => {
    expect(parseAzureMeter(meter, unit)).toMatchObject(expected);
  });

  it("is not a token meter when there are no tokens", () => {
    expect(parseAzureMeter("Standard S0 Instance Hours", "1 Hour")).toBeNull();
    expect(parseAzureMeter("Text Records", "1K")).toBeNull();
  });
});
