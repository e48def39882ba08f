import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  csvField,
  focusBillingPeriod,
  focusCharge,
  focusChargePeriod,
  focusCosts,
  focusCsvLine,
  focusParties,
  focusServiceCategory,
  focusTags,
  formatDecimal,
  formatFocusDateTime,
  neutralizeFormula,
  toFocusRow,
  tokensInMillions,
  type LedgerExportRecord,
} from "@/lib/exports/focus";
import {
  FOCUS_1_2_COLUMN_IDS,
  FOCUS_1_2_MANDATORY_COLUMN_IDS,
  FOCUS_EXPORT_COLUMNS,
  FOCUS_EXPORT_HEADER,
  validateFocusDataset,
  type FocusCsvRow,
} from "@/lib/exports/focus-spec";
import { CHARGE_CATEGORIES } from "@/lib/ingest/types";

// Typed out from reference/provider-formats.md §4.1 rather than imported, so a typo in focus-spec.ts fails here.
const MANDATORY_1_2 = [
  "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
  "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
  "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
  "ServiceCategory", "ServiceName",
];
const OPTIONAL_CHOSEN = ["ChargeFrequency", "ConsumedQuantity", "ConsumedUnit", "ServiceSubcategory", "SubAccountId", "SubAccountName", "Tags"];
const CUSTOM_REQUIRED = [
  "x_TeamId", "x_TeamName", "x_TeamCostCenter", "x_WorkflowId", "x_WorkflowName", "x_Model", "x_ServiceTier",
  "x_UncachedInputTokens", "x_CacheReadInputTokens", "x_CacheWrite5mInputTokens", "x_CacheWrite1hInputTokens",
  "x_OutputTokens", "x_ReasoningTokens", "x_EstimatedCost", "x_ListCost", "x_Unpriced", "x_Source",
];

const ACCOUNT = { id: "org_1", name: "Acme" };

function record(overrides: Partial<LedgerExportRecord> = {}): LedgerExportRecord {
  return {
    naturalKey: "00000000-0000-0000-0000-000000000001",
    usageDate: "2026-03-02",
    periodStart: "2026-03-02T00:00:00.000Z",
    periodEnd: "2026-03-03T00:00:00.000Z",
    provider: "openai",
    service: null,
    model: "gpt-4o",
    serviceTier: "standard",
    contextTier: null,
    project: "proj_1",
    apiKey: "key_1",
    providerUser: "user-1",
    tags: null,
    teamId: null,
    teamName: null,
    teamCostCenter: null,
    workflowId: null,
    workflowName: null,
    uncachedInputTokens: "53440",
    cacheReadInputTokens: "5760",
    cacheWrite5mInputTokens: "0",
    cacheWrite1hInputTokens: "0",
    outputTokens: "10646",
    reasoningTokens: "0",
    requests: "10",
    otherUnits: null,
    otherUnit: null,
    billedCost: null,
    estimatedCost: "0.25002000000000",
    listCost: "0.25002000000000",
    unpriced: false,
    currency: "USD",
    chargeCategory: "usage",
    sourceKind: "upload",
    ...overrides,
  };
}

/** A row as a FOCUS reader sees it: encoded, then parsed back. */
function roundTrip(row: ReturnType<typeof toFocusRow>): FocusCsvRow {
  const [parsed] = parse(FOCUS_EXPORT_HEADER.join(",") + "\r\n" + focusCsvLine(row), { columns: true }) as FocusCsvRow[];
  return parsed!;
}

describe("the FOCUS column list", () => {
  it("has every FOCUS 1.2 Mandatory column, the optional ones we fill, then our x_ columns", () => {
    expect([...FOCUS_1_2_MANDATORY_COLUMN_IDS].sort()).toEqual([...MANDATORY_1_2].sort());
    const focusColumns = FOCUS_EXPORT_HEADER.filter((id) => !id.startsWith("x_"));
    expect(focusColumns).toEqual([...MANDATORY_1_2, ...OPTIONAL_CHOSEN].sort());
    for (const id of focusColumns) expect(FOCUS_1_2_COLUMN_IDS, id).toContain(id);
    // FOCUS columns first, custom ones after, none twice.
    const firstCustom = FOCUS_EXPORT_HEADER.findIndex((id) => id.startsWith("x_"));
    expect(FOCUS_EXPORT_HEADER.slice(firstCustom).every((id) => id.startsWith("x_"))).toBe(true);
    expect(new Set(FOCUS_EXPORT_HEADER).size).toBe(FOCUS_EXPORT_HEADER.length);
    expect(FOCUS_EXPORT_HEADER).toEqual(expect.arrayContaining(CUSTOM_REQUIRED));
  });

  it("declares the spec's feature level and nullability for each FOCUS column", () => {
    const byId = new Map<string, (typeof FOCUS_EXPORT_COLUMNS)[number]>(FOCUS_EXPORT_COLUMNS.map((column) => [column.id, column]));
    for (const id of MANDATORY_1_2) expect(byId.get(id)?.featureLevel, id).toBe("Mandatory");
    const notNullable = ["BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
      "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ProviderName",
      "PublisherName", "ServiceCategory", "ServiceName"];
    for (const id of MANDATORY_1_2) expect(byId.get(id)?.nullable, id).toBe(!notNullable.includes(id));
    expect(byId.get("BilledCost")?.type).toBe("Decimal");
    expect(byId.get("ChargePeriodStart")?.type).toBe("DateTime");
    expect(byId.get("Tags")?.type).toBe("JSON");
  });
});

describe("cell formats", () => {
  it("writes decimals from numeric text without trailing zeros, exponents or a minus on zero", () => {
    expect(formatDecimal("0.00000080000000")).toBe("0.0000008");
    expect(formatDecimal("-2.61370000000000")).toBe("-2.6137");
    expect(formatDecimal("0.00000000000000")).toBe("0");
    expect(formatDecimal("-0.000")).toBe("0");
    expect(formatDecimal("100")).toBe("100");
    expect(formatDecimal("100.000")).toBe("100");
    expect(formatDecimal("007.50")).toBe("7.5");
    expect(formatDecimal("123456789012345678.12345678901234")).toBe("123456789012345678.12345678901234");
    expect(formatDecimal("1E-7")).toBe("0.0000001");
    expect(formatDecimal("2.5e3")).toBe("2500");
    expect(() => formatDecimal("abc")).toThrow();
    expect(() => formatDecimal("1,000")).toThrow();
  });

  it("counts tokens in blocks of a million exactly", () => {
    expect(tokensInMillions(8_400_000n)).toBe("8.4");
    expect(tokensInMillions(59_200n)).toBe("0.0592");
    expect(tokensInMillions(1n)).toBe("0.000001");
    expect(tokensInMillions(0n)).toBe("0");
    expect(tokensInMillions(1_000_000n)).toBe("1");
    expect(tokensInMillions(12_345_678_901_234_567_890n)).toBe("12345678901234.56789");
    expect(tokensInMillions(-2_500_000n)).toBe("-2.5");
  });

  it("writes date-times as YYYY-MM-DDTHH:mm:ssZ in UTC", () => {
    expect(formatFocusDateTime(new Date("2024-09-18T22:00:00.000Z"))).toBe("2024-09-18T22:00:00Z");
    expect(formatFocusDateTime(new Date("2024-09-18T23:30:00+02:00"))).toBe("2024-09-18T21:30:00Z");
  });

  it("keeps a charge period covering the charge in whole seconds, and never empty", () => {
    const period = (start: string, end: string) => {
      const result = focusChargePeriod(new Date(start), new Date(end));
      return [formatFocusDateTime(result.start), formatFocusDateTime(result.end)];
    };
    expect(period("2025-01-01T00:00:00.000Z", "2025-02-01T00:00:00.000Z")).toEqual(["2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"]);
    expect(period("2025-01-01T10:00:00.400Z", "2025-01-01T10:59:59.200Z")).toEqual(["2025-01-01T10:00:00Z", "2025-01-01T11:00:00Z"]);
    expect(period("2025-01-01T10:00:00.000Z", "2025-01-01T10:00:00.000Z")).toEqual(["2025-01-01T10:00:00Z", "2025-01-01T10:00:01Z"]);
    expect(period("2025-01-01T10:00:00.300Z", "2025-01-01T10:00:00.700Z")).toEqual(["2025-01-01T10:00:00Z", "2025-01-01T10:00:01Z"]);
  });

  it("puts a charge in the UTC calendar month it starts in, widened only for a charge that runs past the month", () => {
    const billing = (start: string, end: string) => {
      const result = focusBillingPeriod(new Date(start), new Date(end));
      return [formatFocusDateTime(result.start), formatFocusDateTime(result.end)];
    };
    expect(billing("2024-09-18T22:00:00Z", "2024-09-18T23:00:00Z")).toEqual(["2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z"]);
    // The exclusive end at midnight of the 1st stays in September.
    expect(billing("2024-09-30T23:00:00Z", "2024-10-01T00:00:00Z")).toEqual(["2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z"]);
    expect(billing("2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z")).toEqual(["2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z"]);
    expect(billing("2024-12-31T23:00:00Z", "2025-01-01T00:00:00Z")).toEqual(["2024-12-01T00:00:00Z", "2025-01-01T00:00:00Z"]);
    expect(billing("2024-09-15T00:00:00Z", "2024-10-15T00:00:00Z")).toEqual(["2024-09-01T00:00:00Z", "2024-11-01T00:00:00Z"]);
  });

  it("maps every ledger charge category to a FOCUS category, class and frequency", () => {
    const mapped = Object.fromEntries(CHARGE_CATEGORIES.map((category) => [category, focusCharge(category)]));
    expect(mapped).toEqual({
      usage: { category: "Usage", chargeClass: null, frequency: "Usage-Based" },
      credit: { category: "Credit", chargeClass: null, frequency: "One-Time" },
      refund: { category: "Adjustment", chargeClass: "Correction", frequency: "One-Time" },
      tax: { category: "Tax", chargeClass: null, frequency: "One-Time" },
      purchase: { category: "Purchase", chargeClass: null, frequency: "One-Time" },
      adjustment: { category: "Adjustment", chargeClass: null, frequency: "One-Time" },
    });
  });

  it("names providers, publishers and services", () => {
    expect(focusParties("openai", null)).toEqual({ providerName: "OpenAI", serviceName: "OpenAI API" });
    expect(focusParties("anthropic", null)).toEqual({ providerName: "Anthropic", serviceName: "Anthropic API" });
    expect(focusParties("aws-bedrock", null)).toEqual({ providerName: "AWS", serviceName: "Amazon Bedrock" });
    expect(focusParties("azure-openai", "Azure OpenAI")).toEqual({ providerName: "Microsoft", serviceName: "Azure OpenAI" });
    expect(focusParties("gcp-vertex", null)).toEqual({ providerName: "Google Cloud", serviceName: "Vertex AI" });
    expect(focusParties("aws", "Amazon Simple Queue Service")).toEqual({ providerName: "AWS", serviceName: "Amazon Simple Queue Service" });
    expect(focusParties("solora-ai", null)).toEqual({ providerName: "solora-ai", serviceName: "solora-ai" });
  });

  it("classifies AI usage and leaves other cloud spend as Other", () => {
    const category = (provider: string, service: string | null, model: string | null = null, tokens = 0n) =>
      focusServiceCategory({ provider, service, model, tokens });
    expect(category("openai", null, "gpt-4o", 10n)).toEqual({ category: "AI and Machine Learning", subcategory: "Generative AI" });
    expect(category("aws", "Amazon Bedrock")).toEqual({ category: "AI and Machine Learning", subcategory: "Generative AI" });
    expect(category("microsoft", "Azure Machine Learning")).toEqual({ category: "AI and Machine Learning", subcategory: "Machine Learning" });
    expect(category("solora-ai", "Solora Generative AI API", "solora-reasoning-pro", 5n)).toEqual({ category: "AI and Machine Learning", subcategory: "Generative AI" });
    expect(category("aws", "Amazon Simple Queue Service")).toEqual({ category: "Other", subcategory: "Other (Other)" });
  });

  it("serializes tags as a JSON object of scalars, null when there are none", () => {
    expect(focusTags(null)).toBeNull();
    expect(focusTags("{}")).toBeNull();
    expect(focusTags('{"env": "prod", "cost-center": "42"}')).toBe('{"env":"prod","cost-center":"42"}');
    expect(focusTags('{"nested": {"a": 1}, "list": [1], "flag": true}')).toBe('{"nested":"{\\"a\\":1}","list":"[1]","flag":true}');
  });
});

describe("costs", () => {
  it("bills only what was billed, and takes effective, contracted and list costs from the ledger's estimates", () => {
    // Usage-only (an OpenAI usage export): nothing billed, the estimate is the effective cost.
    expect(focusCosts({ chargeCategory: "usage", billedCost: null, estimatedCost: "0.25000000000000", listCost: "0.30000000000000" })).toEqual({
      billed: "0", effective: "0.25", contracted: "0.25", list: "0.3", basis: "Estimated",
    });
    // Billed and estimated: the bill is effective; contracted is the contract-price computation.
    expect(focusCosts({ chargeCategory: "usage", billedCost: "1.50", estimatedCost: "1.40", listCost: "2" })).toEqual({
      billed: "1.5", effective: "1.5", contracted: "1.4", list: "2", basis: "Billed",
    });
    // Billed only (cloud spend from FOCUS): no discount known, so all four are the bill.
    expect(focusCosts({ chargeCategory: "usage", billedCost: "0.0000008", estimatedCost: null, listCost: null })).toEqual({
      billed: "0.0000008", effective: "0.0000008", contracted: "0.0000008", list: "0.0000008", basis: "Billed",
    });
    // Unpriced usage without a bill: 0 (FOCUS costs are never null), flagged by the basis.
    expect(focusCosts({ chargeCategory: "usage", billedCost: null, estimatedCost: null, listCost: null })).toEqual({
      billed: "0", effective: "0", contracted: "0", list: "0", basis: "None",
    });
    // A credit matches its billed cost in every column.
    expect(focusCosts({ chargeCategory: "credit", billedCost: "-2.61370000000000", estimatedCost: null, listCost: null })).toEqual({
      billed: "-2.6137", effective: "-2.6137", contracted: "-2.6137", list: "-2.6137", basis: "Billed",
    });
  });
});

describe("CSV encoding", () => {
  it("neutralizes formulas in text", () => {
    expect(neutralizeFormula("=HYPERLINK(\"http://x\")")).toBe("'=HYPERLINK(\"http://x\")");
    expect(neutralizeFormula("+1")).toBe("'+1");
    expect(neutralizeFormula("-1.5")).toBe("'-1.5");
    expect(neutralizeFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutralizeFormula("\t=1")).toBe("'\t=1");
    expect(neutralizeFormula("Support")).toBe("Support");
    expect(neutralizeFormula("a=b")).toBe("a=b");
    expect(neutralizeFormula("")).toBe("");
  });

  it("quotes per RFC 4180", () => {
    expect(csvField(null)).toBe("");
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("carriage\rreturn")).toBe('"carriage\rreturn"');
  });

  it("neutralizes text cells but never numbers: a negative credit stays a number", () => {
    const row = toFocusRow(
      record({ chargeCategory: "credit", billedCost: "-1.50000000000000", estimatedCost: null, listCost: null, teamName: "=cmd|' /C calc'!A0", teamId: "t1", project: "-proj", model: null, uncachedInputTokens: "0", cacheReadInputTokens: "0", outputTokens: "0" }),
      ACCOUNT,
    );
    const line = focusCsvLine(row);
    expect(line.endsWith("\r\n")).toBe(true);
    const parsed = roundTrip(row);
    expect(parsed.BilledCost).toBe("-1.5");
    expect(parsed.EffectiveCost).toBe("-1.5");
    expect(parsed.x_TeamName).toBe("'=cmd|' /C calc'!A0");
    expect(parsed.SubAccountId).toBe("'-proj");
    expect(line.startsWith("-1.5,")).toBe(true);
  });
});

describe("a ledger record as a FOCUS row", () => {
  it("exports usage-only token usage with tokens as quantities and the estimate as effective cost", () => {
    const row = toFocusRow(record({ teamId: "team_1", teamName: "Support", teamCostCenter: "CC-7", workflowId: "wf_1", workflowName: "Triage", tags: '{"env":"prod"}' }), ACCOUNT);
    expect(row).toMatchObject({
      BilledCost: "0",
      EffectiveCost: "0.25002",
      ContractedCost: "0.25002",
      ListCost: "0.25002",
      BillingAccountId: "org_1",
      BillingAccountName: "Acme",
      BillingCurrency: "USD",
      BillingPeriodStart: "2026-03-01T00:00:00Z",
      BillingPeriodEnd: "2026-04-01T00:00:00Z",
      ChargePeriodStart: "2026-03-02T00:00:00Z",
      ChargePeriodEnd: "2026-03-03T00:00:00Z",
      ChargeCategory: "Usage",
      ChargeClass: null,
      ChargeFrequency: "Usage-Based",
      ChargeDescription: "gpt-4o tokens",
      ConsumedQuantity: "69846",
      ConsumedUnit: "Tokens",
      PricingQuantity: "0.069846",
      PricingUnit: "1000000 Tokens",
      ProviderName: "OpenAI",
      PublisherName: "OpenAI",
      InvoiceIssuerName: "OpenAI",
      ServiceName: "OpenAI API",
      ServiceCategory: "AI and Machine Learning",
      ServiceSubcategory: "Generative AI",
      SubAccountId: "proj_1",
      SubAccountName: "proj_1",
      Tags: '{"env":"prod"}',
      x_TeamId: "team_1",
      x_TeamName: "Support",
      x_TeamCostCenter: "CC-7",
      x_WorkflowId: "wf_1",
      x_WorkflowName: "Triage",
      x_Model: "gpt-4o",
      x_UncachedInputTokens: "53440",
      x_OutputTokens: "10646",
      x_EstimatedCost: "0.25002",
      x_ListCost: "0.25002",
      x_CostBasis: "Estimated",
      x_Unpriced: "false",
      x_Source: "upload",
    });
    expect(validateFocusDataset(FOCUS_EXPORT_HEADER, [roundTrip(row)])).toEqual({ violations: [], deviations: [] });
  });

  it("exports cloud usage in its consumed unit, with no pricing quantity the ledger does not know (a documented deviation)", () => {
    const row = toFocusRow(
      record({
        provider: "aws", service: "Amazon Simple Queue Service", model: null, serviceTier: null, project: "51738928782", apiKey: null, providerUser: null,
        uncachedInputTokens: "0", cacheReadInputTokens: "0", outputTokens: "0", requests: "0", otherUnits: "2.00000000000000", otherUnit: "Requests",
        billedCost: "0.00000080000000", estimatedCost: null, listCost: null, periodStart: "2024-09-18T22:00:00.000Z", periodEnd: "2024-09-18T23:00:00.000Z",
        usageDate: "2024-09-18",
      }),
      ACCOUNT,
    );
    expect(row).toMatchObject({
      BilledCost: "0.0000008", ServiceCategory: "Other", ServiceSubcategory: "Other (Other)", ConsumedQuantity: "2", ConsumedUnit: "Requests",
      PricingQuantity: null, PricingUnit: null, ChargeDescription: "Amazon Simple Queue Service usage in Requests", x_OtherQuantity: "2", x_CostBasis: "Billed",
    });
    const result = validateFocusDataset(FOCUS_EXPORT_HEADER, [roundTrip(row)]);
    expect(result.violations).toEqual([]);
    expect(result.deviations.map((deviation) => deviation.rule)).toEqual([
      'PricingQuantity and PricingUnit MUST NOT be null when ChargeCategory is "Usage" or "Purchase" and ChargeClass is not "Correction"',
    ]);
  });

  it("exports a refund as a correcting adjustment, a tax without quantities, and a purchase that is not usage-based", () => {
    const refund = toFocusRow(record({ chargeCategory: "refund", billedCost: "-3.00", estimatedCost: null, listCost: null }), ACCOUNT);
    expect(refund).toMatchObject({ ChargeCategory: "Adjustment", ChargeClass: "Correction", ChargeFrequency: "One-Time", ConsumedQuantity: null, BilledCost: "-3", ListCost: "-3" });
    const tax = toFocusRow(record({ chargeCategory: "tax", billedCost: "0.19", estimatedCost: null, listCost: null }), ACCOUNT);
    expect(tax).toMatchObject({ ChargeCategory: "Tax", PricingQuantity: null, PricingUnit: null, ConsumedQuantity: null, EffectiveCost: "0.19" });
    const purchase = toFocusRow(record({ chargeCategory: "purchase", billedCost: "100", estimatedCost: null, listCost: null }), ACCOUNT);
    expect(purchase).toMatchObject({ ChargeCategory: "Purchase", ChargeFrequency: "One-Time", ChargeDescription: "gpt-4o purchase" });
    const result = validateFocusDataset(FOCUS_EXPORT_HEADER, [refund, tax, purchase].map(roundTrip));
    expect(result).toEqual({ violations: [], deviations: [] });
  });

  it("flags unpriced usage without a bill, and keeps empty dimensions null rather than empty strings", () => {
    const row = toFocusRow(record({ estimatedCost: null, listCost: null, unpriced: true, project: "", serviceTier: "batch", sourceKind: "push" }), ACCOUNT);
    expect(row).toMatchObject({ BilledCost: "0", EffectiveCost: "0", x_CostBasis: "None", x_Unpriced: "true", SubAccountId: null, SubAccountName: null, x_Source: "push" });
    expect(row.ChargeDescription).toBe("gpt-4o tokens, batch tier");
  });
});

describe("the FOCUS validator", () => {
  const good = () => roundTrip(toFocusRow(record(), ACCOUNT));

  it("names the rule each bad cell or row breaks", () => {
    const bad: FocusCsvRow = {
      ...good(),
      BilledCost: "1e-7",
      ChargePeriodStart: "2026-03-02T00:00:00.000Z",
      ChargeCategory: "Refund",
      BillingCurrency: "EURO",
      ServiceName: "",
      Tags: "[1,2]",
      ConsumedUnit: "",
      x_TeamName: "=1+1",
    };
    const rules = validateFocusDataset(FOCUS_EXPORT_HEADER, [bad]).violations.map((violation) => `${violation.column ?? "-"}: ${violation.rule}`);
    expect(rules).toEqual([
      "BilledCost: BilledCost MUST conform to NumericFormat (plain decimal, no exponent, sign only for negatives)",
      "BillingCurrency: BillingCurrency MUST be an ISO 4217 currency code",
      "ChargeCategory: ChargeCategory MUST be one of the allowed values (Usage, Purchase, Tax, Credit, Adjustment)",
      "ChargePeriodStart: ChargePeriodStart MUST conform to DateTimeFormat ('YYYY-MM-DDTHH:mm:ssZ', UTC)",
      "ServiceName: ServiceName MUST NOT be null",
      "Tags: Tags MUST conform to KeyValueFormat (a JSON object with scalar values)",
      "x_TeamName: x_TeamName MUST NOT start with = + - @ (a spreadsheet would run it as a formula)",
      '-: ConsumedQuantity MUST be null when ChargeCategory is not "Usage"',
      "-: ConsumedUnit MUST be null when ConsumedQuantity is null, and MUST NOT be null when it is not",
    ]);
  });

  it("checks the header: mandatory columns, x_ prefix for others, custom columns last", () => {
    const header = ["BilledCost", "x_Extra", "Cost", "ChargeCategory"];
    const rules = validateFocusDataset(header, []).violations.map((violation) => `${violation.column}: ${violation.rule}`);
    expect(rules).toContain("BillingAccountId: Every Mandatory column MUST be present");
    expect(rules).toContain("Cost: A column that is not a FOCUS column MUST have the x_ prefix");
    expect(rules).toContain("ChargeCategory: Custom columns SHOULD come after all FOCUS columns");
  });

  it("checks periods: start before end, charge within billing period", () => {
    const row = { ...good(), ChargePeriodEnd: "2026-03-02T00:00:00Z", BillingPeriodStart: "2026-03-02T12:00:00Z" };
    const rules = validateFocusDataset(FOCUS_EXPORT_HEADER, [row]).violations.map((violation) => violation.rule);
    expect(rules).toEqual([
      "ChargePeriodStart (inclusive) MUST be before ChargePeriodEnd (exclusive)",
      "The charge period MUST lie within its billing period",
    ]);
  });
});
