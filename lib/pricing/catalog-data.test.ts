import { describe, expect, it } from "vitest";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { BATCH_MULTIPLIER, CATALOG, CATALOG_ALIASES, type CatalogPrice } from "@/lib/pricing/catalog-data";

const PROVIDERS: CatalogPrice["provider"][] = ["openai", "anthropic", "gcp-vertex", "aws-bedrock", "azure-openai"];
const DECIMAL = /^\d+(\.\d+)?$/;
/** No leading zeros, no trailing fractional zeros: "0.125", not "0.1250" or "00.125". */
const CANONICAL_DECIMAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function pricesOf(row: CatalogPrice): string[] {
  const { uncachedInput, cacheRead, cacheWrite5m, cacheWrite1h, output } = row.perMillion;
  return [uncachedInput, cacheRead, cacheWrite5m, cacheWrite1h, output, row.perUnit?.price].filter((value): value is string => value !== undefined);
}

/** The one row for a provider/model/tier/context that is valid on a date. */
function rowOn(provider: CatalogPrice["provider"], model: string, date: string, serviceTier: CatalogPrice["serviceTier"] = "standard", contextTier: CatalogPrice["contextTier"] = ""): CatalogPrice {
  const rows = CATALOG.filter(
    (row) =>
      row.provider === provider &&
      row.model === model &&
      row.serviceTier === serviceTier &&
      row.contextTier === contextTier &&
      row.validFrom <= date &&
      (row.validTo === undefined || date < row.validTo),
  );
  expect(rows, `${provider}/${model} ${serviceTier} ${contextTier} on ${date}`).toHaveLength(1);
  return rows[0]!;
}

describe("shipped price catalog", () => {
  it("covers at least 60 distinct provider/model pairs", () => {
    const pairs = new Set(CATALOG.map((row) => `${row.provider}/${row.model}`));
    expect(pairs.size).toBeGreaterThanOrEqual(60);
  });

  it("has every provider", () => {
    for (const provider of PROVIDERS) expect(CATALOG.some((row) => row.provider === provider), provider).toBe(true);
  });

  it("writes every price as a plain decimal string", () => {
    for (const row of CATALOG) {
      for (const value of pricesOf(row)) {
        expect(value, `${row.provider}/${row.model} ${row.serviceTier}`).toMatch(DECIMAL);
        expect(value, `${row.provider}/${row.model} ${row.serviceTier}`).toMatch(CANONICAL_DECIMAL);
      }
    }
  });

  it("has well-formed dates, with validFrom before validTo", () => {
    for (const row of CATALOG) {
      const label = `${row.provider}/${row.model} ${row.serviceTier} ${row.contextTier}`;
      expect(row.validFrom, label).toMatch(DATE);
      expect(row.checkedAt, label).toMatch(DATE);
      if (row.validTo !== undefined) {
        expect(row.validTo, label).toMatch(DATE);
        expect(row.validFrom < row.validTo, label).toBe(true);
      }
    }
  });

  it("never has two rows of one provider/model/tier/context valid at the same time", () => {
    const groups = new Map<string, CatalogPrice[]>();
    for (const row of CATALOG) {
      const key = `${row.provider}/${row.model}/${row.serviceTier}/${row.contextTier}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    for (const [key, rows] of groups) {
      const ordered = [...rows].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
      for (let index = 1; index < ordered.length; index++) {
        const previous = ordered[index - 1]!;
        const current = ordered[index]!;
        expect(previous.validTo, `${key} from ${previous.validFrom} is open-ended but followed by ${current.validFrom}`).toBeDefined();
        expect(previous.validTo! <= current.validFrom, `${key}: ${previous.validFrom}–${previous.validTo} overlaps ${current.validFrom}`).toBe(true);
      }
    }
  });

  it("uses ids the normalizer leaves as they are", () => {
    for (const row of CATALOG) expect(normalizeModelId(row.model), row.model).toBe(row.model);
  });

  it("names a source URL for every row", () => {
    for (const row of CATALOG) expect(row.source, `${row.provider}/${row.model}`).toMatch(/^https:\/\//);
  });

  it("gives a standard row to every model with a tier or context row", () => {
    for (const row of CATALOG) {
      const standard = CATALOG.some(
        (other) => other.provider === row.provider && other.model === row.model && other.serviceTier === "standard" && other.contextTier === "" && other.validFrom <= row.validFrom,
      );
      expect(standard, `${row.provider}/${row.model} ${row.serviceTier} ${row.contextTier}`).toBe(true);
    }
  });

  it("prices embedding models with output 0", () => {
    for (const model of ["text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"]) {
      expect(rowOn("openai", model, "2026-01-01").perMillion.output).toBe("0");
      expect(rowOn("azure-openai", model, "2026-01-01").perMillion.output).toBe("0");
    }
  });
});

describe("catalog aliases", () => {
  it("point at a model the catalog prices", () => {
    for (const alias of CATALOG_ALIASES) {
      const priced = CATALOG.some((row) => row.model === alias.model && (alias.provider === undefined || row.provider === alias.provider));
      expect(priced, `${alias.alias} → ${alias.provider ?? "any"}/${alias.model}`).toBe(true);
    }
  });

  it("are lower case, unique per provider, and not themselves catalog ids", () => {
    const seen = new Set<string>();
    const ids = new Set(CATALOG.map((row) => `${row.provider}/${row.model}`));
    for (const alias of CATALOG_ALIASES) {
      expect(alias.alias).toBe(alias.alias.toLowerCase());
      const key = `${alias.provider ?? ""}/${alias.alias}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      const providers = alias.provider ? [alias.provider] : PROVIDERS;
      for (const provider of providers) expect(ids.has(`${provider}/${alias.alias}`), `${provider}/${alias.alias}`).toBe(false);
    }
  });

  it("map dated versions to the undated id", () => {
    const modelOf = (name: string) => CATALOG_ALIASES.find((alias) => alias.alias === name)?.model;
    expect(modelOf("claude-sonnet-4-5-20250929")).toBe("claude-sonnet-4-5");
    expect(modelOf("gpt-4o-2024-08-06")).toBe("gpt-4o");
    expect(modelOf("gpt-4o-mini-2024-07-18")).toBe("gpt-4o-mini");
    expect(modelOf("gpt-4.1-2025-04-14")).toBe("gpt-4.1");
    expect(modelOf("claude haiku 4.5")).toBe("claude-haiku-4-5");
    // gpt-4o-2024-05-13 has a price of its own, so it is a row, not an alias.
    expect(modelOf("gpt-4o-2024-05-13")).toBeUndefined();
  });
});

describe("spot values checked against the source", () => {
  it("claude-sonnet-4-5 (Anthropic)", () => {
    expect(rowOn("anthropic", "claude-sonnet-4-5", "2026-01-01").perMillion).toEqual({ uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" });
    expect(rowOn("anthropic", "claude-sonnet-4-5", "2026-01-01", "standard", "above_200k").perMillion).toEqual({
      uncachedInput: "6",
      cacheRead: "0.6",
      cacheWrite5m: "7.5",
      cacheWrite1h: "12",
      output: "22.5",
    });
  });

  it("claude-haiku-4-5 and claude-opus-4-1 (Anthropic)", () => {
    expect(rowOn("anthropic", "claude-haiku-4-5", "2026-01-01").perMillion).toEqual({ uncachedInput: "1", cacheRead: "0.1", cacheWrite5m: "1.25", cacheWrite1h: "2", output: "5" });
    expect(rowOn("anthropic", "claude-opus-4-1", "2026-01-01").perMillion).toEqual({ uncachedInput: "15", cacheRead: "1.5", cacheWrite5m: "18.75", cacheWrite1h: "30", output: "75" });
  });

  it("gpt-4o before and after the 2024-10-02 re-point, and its first snapshot", () => {
    expect(rowOn("openai", "gpt-4o", "2024-09-01").perMillion).toEqual({ uncachedInput: "5", output: "15" });
    expect(rowOn("openai", "gpt-4o", "2024-10-02").perMillion).toEqual({ uncachedInput: "2.5", cacheRead: "1.25", output: "10" });
    expect(rowOn("openai", "gpt-4o", "2025-01-01", "batch").perMillion).toMatchObject({ uncachedInput: "1.25", output: "5" });
    expect(rowOn("openai", "gpt-4o-2024-05-13", "2025-01-01").perMillion).toEqual({ uncachedInput: "5", output: "15" });
  });

  it("o3 before and after the 2025-06-10 price cut", () => {
    expect(rowOn("openai", "o3", "2025-06-09").perMillion).toEqual({ uncachedInput: "10", cacheRead: "2.5", output: "40" });
    expect(rowOn("openai", "o3", "2025-06-10").perMillion).toEqual({ uncachedInput: "2", cacheRead: "0.5", output: "8" });
  });

  it("gpt-5 flex and priority, gpt-5.5 priority from OpenAI's page", () => {
    expect(rowOn("openai", "gpt-5", "2026-01-01", "flex").perMillion).toEqual({ uncachedInput: "0.625", cacheRead: "0.0625", output: "5" });
    expect(rowOn("openai", "gpt-5", "2026-01-01", "priority").perMillion).toEqual({ uncachedInput: "2.5", cacheRead: "0.25", output: "20" });
    expect(rowOn("openai", "gpt-5.5", "2026-06-01", "priority").perMillion).toEqual({ uncachedInput: "12.5", cacheRead: "1.25", output: "75" });
  });

  it("gemini-2.5-pro on Vertex, both context tiers", () => {
    expect(rowOn("gcp-vertex", "gemini-2.5-pro", "2026-01-01").perMillion).toEqual({ uncachedInput: "1.25", cacheRead: "0.125", output: "10" });
    expect(rowOn("gcp-vertex", "gemini-2.5-pro", "2026-01-01", "standard", "above_200k").perMillion).toEqual({ uncachedInput: "2.5", cacheRead: "0.25", output: "15" });
  });

  it("Bedrock Nova, Llama and Mistral", () => {
    expect(rowOn("aws-bedrock", "nova-pro", "2026-01-01").perMillion).toEqual({ uncachedInput: "0.8", output: "3.2" });
    expect(rowOn("aws-bedrock", "nova-micro", "2026-01-01").perMillion).toEqual({ uncachedInput: "0.035", output: "0.14" });
    expect(rowOn("aws-bedrock", "llama3-1-70b-instruct", "2026-01-01").perMillion).toEqual({ uncachedInput: "0.99", output: "0.99" });
    expect(rowOn("aws-bedrock", "mistral-large-2407", "2026-01-01").perMillion).toEqual({ uncachedInput: "3", output: "9" });
  });

  it("Azure OpenAI Global Standard", () => {
    expect(rowOn("azure-openai", "gpt-4o-mini", "2026-01-01").perMillion).toEqual({ uncachedInput: "0.15", cacheRead: "0.075", output: "0.6" });
    expect(rowOn("azure-openai", "o3", "2026-01-01").perMillion).toEqual({ uncachedInput: "2", cacheRead: "0.5", output: "8" });
  });

  it("text-embedding-3-small", () => {
    expect(rowOn("openai", "text-embedding-3-small", "2026-01-01").perMillion).toEqual({ uncachedInput: "0.02", output: "0" });
  });
});

describe("BATCH_MULTIPLIER", () => {
  it("has a decimal multiplier between 0 and 1 for every provider", () => {
    for (const provider of PROVIDERS) {
      expect(BATCH_MULTIPLIER[provider]).toMatch(DECIMAL);
      expect(Number(BATCH_MULTIPLIER[provider])).toBeGreaterThan(0);
      expect(Number(BATCH_MULTIPLIER[provider])).toBeLessThanOrEqual(1);
    }
  });
});
