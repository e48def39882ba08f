import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { batch, promptCaching, rightSize, trimContext, type Usage } from "@/lib/recommendations/rules";

const d = (value: number | string) => new Decimal(value);

function usage(fields: Partial<Omit<Usage, "requests" | "uncached" | "cacheRead" | "cacheWrite" | "output">> & { requests: number; uncached: number; cacheRead?: number; cacheWrite?: number; output: number }): Usage {
  const half = { requests: d(fields.requests / 2), input: d((fields.uncached + (fields.cacheRead ?? 0) + (fields.cacheWrite ?? 0)) / 2), output: d(fields.output / 2) };
  return {
    workflowId: "wf",
    workflowName: "Query rewriting",
    teamId: "team",
    provider: "openai",
    model: "gpt-4.1-mini-2025-04-14",
    interactive: null,
    earlier: half,
    recent: half,
    daily: [],
    ...fields,
    requests: d(fields.requests),
    uncached: d(fields.uncached),
    cacheRead: d(fields.cacheRead ?? 0),
    cacheWrite: d(fields.cacheWrite ?? 0),
    output: d(fields.output),
  };
}

describe("right-size", () => {
  it("moves short, frequent requests to the next cheaper model at their volume's price difference", () => {
    // 720,000 requests of 400 input and 60 output tokens on Nova Pro ($0.80 / $3.20) → Nova Lite ($0.06 / $0.24).
    const finding = rightSize(usage({ provider: "aws-bedrock", model: "nova-pro", requests: 720_000, uncached: 288_000_000, output: 43_200_000 }));
    // Pro: 288 × 0.80 + 43.2 × 3.20 = 230.40 + 138.24 = 368.64; Lite: 288 × 0.06 + 43.2 × 0.24 = 17.28 + 10.368 = 27.648.
    expect(finding?.targetModel).toBe("nova-lite");
    expect(finding?.savingUsd.toFixed()).toBe("340.992");
    expect(finding?.confidence).toBe("high");
    expect(finding?.dedupeKey).toBe("right_size:wf:aws-bedrock:nova-pro");
  });

  it("leaves long requests, low volume and the cheapest model of a family alone", () => {
    expect(rightSize(usage({ provider: "aws-bedrock", model: "nova-pro", requests: 720_000, uncached: 720_000 * 4_001, output: 43_200_000 }))).toBeNull();
    expect(rightSize(usage({ provider: "aws-bedrock", model: "nova-pro", requests: 9_999, uncached: 9_999 * 400, output: 9_999 * 60 }))).toBeNull();
    expect(rightSize(usage({ provider: "openai", model: "gpt-4o-mini-2024-07-18", requests: 720_000, uncached: 288_000_000, output: 43_200_000 }))).toBeNull();
  });
});

describe("prompt caching", () => {
  it("prices half the input as cache reads instead of uncached input", () => {
    // gpt-4.1: $2 uncached, $0.50 cached. 27,000 requests × 2,200 input = 59.4M, 5 % read from cache (2.97M).
    const finding = promptCaching(usage({ model: "gpt-4.1-2025-04-14", requests: 27_000, uncached: 56_430_000, cacheRead: 2_970_000, output: 24_300_000 }));
    // Movable: 50 % × 59.4M − 2.97M = 26.73M tokens; saving 26.73 × (2 − 0.5) = 40.095.
    expect(finding?.savingUsd.toFixed()).toBe("40.095");
    expect(finding?.figures).toMatchObject({ inputPerRequest: "2200", cacheReadSharePercent: "5.0", tokensToCache: "26730000" });
  });

  it("stays quiet with short inputs, a cache already in use, or a model without cached prices", () => {
    expect(promptCaching(usage({ model: "gpt-4.1", requests: 27_000, uncached: 27_000 * 1_999, output: 1 }))).toBeNull();
    expect(promptCaching(usage({ model: "gpt-4.1", requests: 27_000, uncached: 44_550_000, cacheRead: 14_850_000, output: 1 }))).toBeNull(); // 25 %
    expect(promptCaching(usage({ provider: "aws-bedrock", model: "nova-pro", requests: 27_000, uncached: 59_400_000, output: 1 }))).toBeNull();
  });
});

describe("batch", () => {
  it("halves a non-interactive workflow's cost", () => {
    // gpt-4.1-mini: 100M uncached at $0.40 + 10M output at $1.60 = 40 + 16 = 56 → saving 28.
    expect(batch(usage({ interactive: false, requests: 50_000, uncached: 100_000_000, output: 10_000_000 }))?.savingUsd.toFixed()).toBe("28");
    expect(batch(usage({ interactive: null, requests: 50_000, uncached: 100_000_000, output: 10_000_000 }))).toBeNull();
    expect(batch(usage({ interactive: true, requests: 50_000, uncached: 100_000_000, output: 10_000_000 }))).toBeNull();
  });
});

describe("trim context", () => {
  const grown = (inputNow: number, outputNow: number) =>
    usage({
      model: "claude-haiku-4-5-20251001",
      provider: "anthropic",
      requests: 30_000,
      uncached: 15_000 * 4_000 + 15_000 * inputNow,
      output: 15_000 * 300 + 15_000 * outputNow,
      earlier: { requests: d(15_000), input: d(15_000 * 4_000), output: d(15_000 * 300) },
      recent: { requests: d(15_000), input: d(15_000 * inputNow), output: d(15_000 * outputNow) },
    });

  it("prices the input added per request at the recent volume", () => {
    // 4,000 → 5,800 input per request (+45 %), output flat. 30,000 requests a month × 1,800 tokens × $1 = 54.
    const finding = trimContext(grown(5_800, 300));
    expect(finding?.savingUsd.toFixed()).toBe("54");
    expect(finding?.figures).toMatchObject({ inputGrowthPercent: "45.0", outputGrowthPercent: "0.0" });
  });

  it("stays quiet when output grew along, or input grew little", () => {
    expect(trimContext(grown(5_800, 420))).toBeNull(); // output +40 %: the gap is 5 points
    expect(trimContext(grown(4_900, 300))).toBeNull(); // +22.5 %
  });
});
