// The FOCUS 1.2 cost-and-usage columns our export writes, and the spec's rules for them, as data: the exporter
// (lib/exports/focus.ts) takes its header and cell formats from here, and validateFocusDataset checks a file
// against the same rules, so the tests read the export back the way a FOCUS consumer would.
// Source: reference/provider-formats.md §4.1 (FOCUS 1.2, tag v1.2) and the v1.2 column texts it cites.

export const FOCUS_VERSION = "1.2";

export type FocusFeatureLevel = "Mandatory" | "Conditional" | "Recommended" | "Custom";

/**
 * Decimal, DateTime and JSON are FOCUS data types. Custom columns add Integer (token counts), Boolean
 * ("true"/"false": FOCUS numbers must not stand for binary values) and Date (a calendar day, ISO 8601).
 */
export type FocusColumnType = "Decimal" | "String" | "DateTime" | "JSON" | "Integer" | "Boolean" | "Date";

export type FocusColumnSpec = {
  id: string;
  featureLevel: FocusFeatureLevel;
  type: FocusColumnType;
  nullable: boolean;
  allowedValues?: readonly string[];
  /** National currency code (ISO 4217). */
  currency?: boolean;
};

/** Every Column ID of the FOCUS 1.2 Cost and Usage dataset (any other column of a FOCUS file must start with x_). */
export const FOCUS_1_2_COLUMN_IDS = [
  "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency",
  "BillingPeriodEnd", "BillingPeriodStart", "CapacityReservationId", "CapacityReservationStatus", "ChargeCategory",
  "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
  "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountQuantity",
  "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit", "ConsumedQuantity", "ConsumedUnit",
  "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost",
  "ListUnitPrice", "PricingCategory", "PricingCurrency", "PricingCurrencyContractedUnitPrice",
  "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "PricingQuantity", "PricingUnit", "ProviderName",
  "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory",
  "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceDetails", "SkuPriceId", "SubAccountId",
  "SubAccountName", "SubAccountType", "Tags",
] as const;

export const CHARGE_CATEGORIES = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"] as const;
export type FocusChargeCategory = (typeof CHARGE_CATEGORIES)[number];
export const CHARGE_FREQUENCIES = ["One-Time", "Recurring", "Usage-Based"] as const;
export type FocusChargeFrequency = (typeof CHARGE_FREQUENCIES)[number];

/** ServiceCategory → its ServiceSubcategory values (each subcategory has exactly one parent). */
export const SERVICE_SUBCATEGORIES = {
  "AI and Machine Learning": ["Bots", "Generative AI", "Machine Learning", "Natural Language Processing", "Other (AI and Machine Learning)"],
  Analytics: ["Analytics Platform", "Business Intelligence", "Data Processing", "Search", "Streaming Analytics", "Other (Analytics)"],
  "Business Applications": ["Other (Business Applications)"],
  Compute: ["Containers", "End User Computing", "Quantum", "Serverless Compute", "Virtual Machines", "Other (Compute)"],
  Databases: ["Caching", "Data Warehouse", "Relational", "NoSQL", "Ledger", "Time Series", "Other (Databases)"],
  "Developer Tools": ["Other (Developer Tools)"],
  Multicloud: ["Other (Multicloud)"],
  Identity: ["Other (Identity)"],
  Integration: ["API Management", "Messaging", "Workflow Automation", "Other (Integration)"],
  "Internet of Things": ["Other (Internet of Things)"],
  "Management and Governance": [
    "Architecture", "Compliance", "Cost Management", "Data Governance", "Disaster Recovery", "Observability", "Support",
    "Other (Management and Governance)",
  ],
  Media: ["Other (Media)"],
  Migration: ["Other (Migration)"],
  Mobile: ["Other (Mobile)"],
  Networking: ["Content Delivery", "Data Transfer", "Load Balancing", "Network Management", "Network Security", "Other (Networking)"],
  Security: ["CSPM", "Credentials", "SIEM", "Threat Detection", "Other (Security)"],
  Storage: ["Backup", "Block", "File", "Object", "Storage Transfer", "Other (Storage)"],
  Web: ["Other (Web)"],
  Other: ["Other (Other)"],
} as const satisfies Record<string, readonly string[]>;
export type FocusServiceCategory = keyof typeof SERVICE_SUBCATEGORIES;
export type FocusServiceSubcategory = (typeof SERVICE_SUBCATEGORIES)[FocusServiceCategory][number];

/** The Mandatory columns of FOCUS 1.2: a FOCUS file has every one of them. */
export const FOCUS_1_2_MANDATORY_COLUMN_IDS = [
  "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
  "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
  "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
  "ServiceCategory", "ServiceName",
] as const satisfies readonly (typeof FOCUS_1_2_COLUMN_IDS)[number][];

/**
 * The export's columns, in order: FOCUS columns first (alphabetical, like the providers' own exports), then ours
 * with the x_ prefix FOCUS reserves for custom columns. Left out because the ledger cannot fill them truthfully:
 * AvailabilityZone, RegionId/RegionName and ResourceId/Name/Type (not kept at import), SkuId/SkuPriceId/SkuMeter/
 * SkuPriceDetails (a ledger record sums several token SKUs; its model is in x_Model), InvoiceId, unit prices and
 * PricingCategory (not known per record), commitment and capacity reservation columns (not modelled),
 * BillingAccountType/SubAccountType (one kind each).
 */
export const FOCUS_EXPORT_COLUMNS = [
  { id: "BilledCost", featureLevel: "Mandatory", type: "Decimal", nullable: false },
  { id: "BillingAccountId", featureLevel: "Mandatory", type: "String", nullable: false },
  { id: "BillingAccountName", featureLevel: "Mandatory", type: "String", nullable: true },
  { id: "BillingCurrency", featureLevel: "Mandatory", type: "String", nullable: false, currency: true },
  { id: "BillingPeriodEnd", featureLevel: "Mandatory", type: "DateTime", nullable: false },
  { id: "BillingPeriodStart", featureLevel: "Mandatory", type: "DateTime", nullable: false },
  { id: "ChargeCategory", featureLevel: "Mandatory", type: "String", nullable: false, allowedValues: CHARGE_CATEGORIES },
  { id: "ChargeClass", featureLevel: "Mandatory", type: "String", nullable: true, allowedValues: ["Correction"] },
  { id: "ChargeDescription", featureLevel: "Mandatory", type: "String", nullable: true },
  { id: "ChargeFrequency", featureLevel: "Recommended", type: "String", nullable: false, allowedValues: CHARGE_FREQUENCIES },
  { id: "ChargePeriodEnd", featureLevel: "Mandatory", type: "DateTime", nullable: false },
  { id: "ChargePeriodStart", featureLevel: "Mandatory", type: "DateTime", nullable: false },
  { id: "ConsumedQuantity", featureLevel: "Conditional", type: "Decimal", nullable: true },
  { id: "ConsumedUnit", featureLevel: "Conditional", type: "String", nullable: true },
  { id: "ContractedCost", featureLevel: "Mandatory", type: "Decimal", nullable: false },
  { id: "EffectiveCost", featureLevel: "Mandatory", type: "Decimal", nullable: false },
  { id: "InvoiceIssuerName", featureLevel: "Mandatory", type: "String", nullable: false },
  { id: "ListCost", featureLevel: "Mandatory", type: "Decimal", nullable: false },
  { id: "PricingQuantity", featureLevel: "Mandatory", type: "Decimal", nullable: true },
  { id: "PricingUnit", featureLevel: "Mandatory", type: "String", nullable: true },
  { id: "ProviderName", featureLevel: "Mandatory", type: "String", nullable: false },
  { id: "PublisherName", featureLevel: "Mandatory", type: "String", nullable: false },
  { id: "ServiceCategory", featureLevel: "Mandatory", type: "String", nullable: false, allowedValues: Object.keys(SERVICE_SUBCATEGORIES) },
  { id: "ServiceName", featureLevel: "Mandatory", type: "String", nullable: false },
  {
    id: "ServiceSubcategory",
    featureLevel: "Recommended",
    type: "String",
    nullable: false,
    allowedValues: Object.values(SERVICE_SUBCATEGORIES).flat(),
  },
  { id: "SubAccountId", featureLevel: "Conditional", type: "String", nullable: true },
  { id: "SubAccountName", featureLevel: "Conditional", type: "String", nullable: true },
  { id: "Tags", featureLevel: "Conditional", type: "JSON", nullable: true },

  { id: "x_RecordId", featureLevel: "Custom", type: "String", nullable: false },
  { id: "x_UsageDate", featureLevel: "Custom", type: "Date", nullable: false },
  { id: "x_ProviderId", featureLevel: "Custom", type: "String", nullable: false },
  { id: "x_TeamId", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_TeamName", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_TeamCostCenter", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_WorkflowId", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_WorkflowName", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_Model", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_ServiceTier", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_ContextTier", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_ApiKeyId", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_ProviderUserId", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_UncachedInputTokens", featureLevel: "Custom", type: "Integer", nullable: false },
  { id: "x_CacheReadInputTokens", featureLevel: "Custom", type: "Integer", nullable: false },
  { id: "x_CacheWrite5mInputTokens", featureLevel: "Custom", type: "Integer", nullable: false },
  { id: "x_CacheWrite1hInputTokens", featureLevel: "Custom", type: "Integer", nullable: false },
  { id: "x_OutputTokens", featureLevel: "Custom", type: "Integer", nullable: false },
  { id: "x_ReasoningTokens", featureLevel: "Custom", type: "Integer", nullable: false },
  { id: "x_Requests", featureLevel: "Custom", type: "Integer", nullable: false },
  { id: "x_OtherQuantity", featureLevel: "Custom", type: "Decimal", nullable: true },
  { id: "x_OtherUnit", featureLevel: "Custom", type: "String", nullable: true },
  { id: "x_EstimatedCost", featureLevel: "Custom", type: "Decimal", nullable: true },
  { id: "x_ListCost", featureLevel: "Custom", type: "Decimal", nullable: true },
  { id: "x_CostBasis", featureLevel: "Custom", type: "String", nullable: false, allowedValues: ["Billed", "Estimated", "None"] },
  { id: "x_Unpriced", featureLevel: "Custom", type: "Boolean", nullable: false },
  { id: "x_Source", featureLevel: "Custom", type: "String", nullable: false, allowedValues: ["upload", "connection", "push"] },
] as const satisfies readonly FocusColumnSpec[];

export type FocusExportColumnId = (typeof FOCUS_EXPORT_COLUMNS)[number]["id"];
/** One exported row before CSV encoding: null is FOCUS null (an empty cell), never "". */
export type FocusRow = Record<FocusExportColumnId, string | null>;

export const FOCUS_EXPORT_HEADER: readonly FocusExportColumnId[] = FOCUS_EXPORT_COLUMNS.map((column) => column.id);

// ---------------------------------------------------------------------------------------------------------------
// Value formats (FOCUS attributes)

/** NumericFormat: digits with an optional single decimal point and leading "-"; no "+", commas, units or exponent. */
export const NUMERIC_FORMAT = /^-?\d+(\.\d+)?$/;
/** DateTimeFormat for a moment in time: extended ISO 8601 in UTC, 'YYYY-MM-DDTHH:mm:ssZ'. */
export const DATETIME_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const INTEGER_FORMAT = /^-?\d+$/;
const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
/** What a spreadsheet would run as a formula (OWASP CSV injection: = + - @, and tab/CR which some strip first). */
export { FORMULA_START } from "@/lib/exports/csv";
import { FORMULA_START } from "@/lib/exports/csv";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

function isValidDateTime(value: string): boolean {
  return DATETIME_FORMAT.test(value) && new Date(value).toISOString().slice(0, 19) + "Z" === value;
}

function isValidDate(value: string): boolean {
  return DATE_FORMAT.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** KeyValueFormat: a serialized JSON object, unique keys, values number/string/boolean/null (no objects or arrays). */
function isKeyValueObject(value: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return false;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
  return Object.values(parsed).every((item) => item === null || ["string", "number", "boolean"].includes(typeof item));
}

/** What is wrong with one cell by its column's type, allowed values and nullability; null when nothing is. */
export function checkCell(column: FocusColumnSpec, value: string | null): string | null {
  if (value === null || value === "") return column.nullable ? null : "MUST NOT be null";
  switch (column.type) {
    case "Decimal":
      if (!NUMERIC_FORMAT.test(value)) return "MUST conform to NumericFormat (plain decimal, no exponent, sign only for negatives)";
      break;
    case "DateTime":
      if (!isValidDateTime(value)) return "MUST conform to DateTimeFormat ('YYYY-MM-DDTHH:mm:ssZ', UTC)";
      break;
    case "JSON":
      if (!isKeyValueObject(value)) return "MUST conform to KeyValueFormat (a JSON object with scalar values)";
      break;
    case "Integer":
      if (!INTEGER_FORMAT.test(value)) return "MUST be an integer";
      break;
    case "Boolean":
      if (value !== "true" && value !== "false") return 'MUST be "true" or "false"';
      break;
    case "Date":
      if (!isValidDate(value)) return "MUST be an ISO 8601 date (YYYY-MM-DD)";
      break;
    case "String":
      if (FORMULA_START.test(value)) return "MUST NOT start with = + - @ (a spreadsheet would run it as a formula)";
      break;
  }
  if (column.allowedValues && !column.allowedValues.includes(value)) return `MUST be one of the allowed values (${column.allowedValues.join(", ")})`;
  if (column.currency && !CURRENCIES.has(value)) return "MUST be an ISO 4217 currency code";
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules across columns. A cell of a row read back from CSV is "" for null.

export type FocusCsvRow = Record<string, string>;

export type FocusRowRule = {
  /** The requirement, worded as in the spec. */
  rule: string;
  /** True when the row satisfies it (or it does not apply). */
  check: (row: FocusCsvRow) => boolean;
  /**
   * Set when our export knowingly does not meet the requirement on some rows, and why: those rows are reported as
   * deviations, not violations, so a test can pin exactly where they happen.
   */
  knownDeviation?: string;
};

const isNull = (value: string | undefined) => value === undefined || value === "";
const bothOrNeither = (a: string | undefined, b: string | undefined) => isNull(a) === isNull(b);
const time = (value: string | undefined) => (value ? Date.parse(value) : Number.NaN);
const isUsageOrPurchaseNotCorrection = (row: FocusCsvRow) =>
  (row.ChargeCategory === "Usage" || row.ChargeCategory === "Purchase") && row.ChargeClass !== "Correction";

const QUANTITY_DEVIATION =
  "The ledger keeps token counts, and for other usage the quantity the source consumed, but not the provider's " +
  "pricing blocks (e.g. Azure's 10,000-unit meters) and not every cost line's quantity: rather than restate a " +
  "consumed quantity as a pricing one, or invent one, these stay null. Only rows without a token count deviate.";

export const FOCUS_ROW_RULES: readonly FocusRowRule[] = [
  {
    rule: "ChargePeriodStart (inclusive) MUST be before ChargePeriodEnd (exclusive)",
    check: (row) => time(row.ChargePeriodStart) < time(row.ChargePeriodEnd),
  },
  {
    rule: "BillingPeriodStart (inclusive) MUST be before BillingPeriodEnd (exclusive)",
    check: (row) => time(row.BillingPeriodStart) < time(row.BillingPeriodEnd),
  },
  {
    rule: "The charge period MUST lie within its billing period",
    check: (row) => time(row.BillingPeriodStart) <= time(row.ChargePeriodStart) && time(row.ChargePeriodEnd) <= time(row.BillingPeriodEnd),
  },
  {
    rule: 'ChargeFrequency MUST NOT be "Usage-Based" when ChargeCategory is "Purchase"',
    check: (row) => !(row.ChargeCategory === "Purchase" && row.ChargeFrequency === "Usage-Based"),
  },
  {
    rule: 'PricingQuantity MUST be null when ChargeCategory is "Tax"',
    check: (row) => row.ChargeCategory !== "Tax" || isNull(row.PricingQuantity),
  },
  {
    rule: "PricingUnit MUST be null when PricingQuantity is null, and MUST NOT be null when it is not",
    check: (row) => bothOrNeither(row.PricingQuantity, row.PricingUnit),
  },
  {
    rule: 'PricingQuantity and PricingUnit MUST NOT be null when ChargeCategory is "Usage" or "Purchase" and ChargeClass is not "Correction"',
    check: (row) => !isUsageOrPurchaseNotCorrection(row) || !isNull(row.PricingQuantity),
    knownDeviation: QUANTITY_DEVIATION,
  },
  {
    rule: 'ConsumedQuantity MUST be null when ChargeCategory is not "Usage"',
    check: (row) => row.ChargeCategory === "Usage" || isNull(row.ConsumedQuantity),
  },
  {
    rule: "ConsumedUnit MUST be null when ConsumedQuantity is null, and MUST NOT be null when it is not",
    check: (row) => bothOrNeither(row.ConsumedQuantity, row.ConsumedUnit),
  },
  {
    rule: 'ConsumedQuantity MUST NOT be null when ChargeCategory is "Usage" and ChargeClass is not "Correction"',
    check: (row) => !(row.ChargeCategory === "Usage" && row.ChargeClass !== "Correction") || !isNull(row.ConsumedQuantity),
    knownDeviation: QUANTITY_DEVIATION,
  },
  {
    rule: "ServiceSubcategory MUST have one and only one parent ServiceCategory",
    check: (row) =>
      isNull(row.ServiceSubcategory) ||
      ((SERVICE_SUBCATEGORIES as Record<string, readonly string[]>)[row.ServiceCategory ?? ""] ?? []).includes(row.ServiceSubcategory!),
  },
  {
    rule: "SubAccountName MUST be null when SubAccountId is null, and MUST NOT be null when it is not",
    check: (row) => bothOrNeither(row.SubAccountId, row.SubAccountName),
  },
  {
    rule: 'EffectiveCost, ContractedCost and ListCost of a charge unrelated to other charges (ChargeCategory "Credit") MUST match BilledCost',
    check: (row) =>
      row.ChargeCategory !== "Credit" || [row.EffectiveCost, row.ContractedCost, row.ListCost].every((cost) => cost === row.BilledCost),
  },
];

// ---------------------------------------------------------------------------------------------------------------

export type FocusViolation = { row: number | null; column: string | null; rule: string; value?: string };

export type FocusValidation = {
  violations: FocusViolation[];
  /** Rows that miss a requirement our export documents as a known deviation (FocusRowRule.knownDeviation). */
  deviations: FocusViolation[];
};

/**
 * Checks a FOCUS file read back from CSV (row numbers count data rows from 1) against the column specs and rules
 * above. Columns this module does not specify are only checked for their name.
 */
export function validateFocusDataset(
  header: readonly string[],
  rows: Iterable<FocusCsvRow>,
  columns: readonly FocusColumnSpec[] = FOCUS_EXPORT_COLUMNS,
): FocusValidation {
  const violations: FocusViolation[] = [];
  const deviations: FocusViolation[] = [];
  const focusIds = new Set<string>(FOCUS_1_2_COLUMN_IDS);
  for (const id of FOCUS_1_2_MANDATORY_COLUMN_IDS) {
    if (!header.includes(id)) violations.push({ row: null, column: id, rule: "Every Mandatory column MUST be present" });
  }
  const seen = new Set<string>();
  let customSeen = false;
  for (const id of header) {
    if (seen.has(id)) violations.push({ row: null, column: id, rule: "Column IDs MUST be unique" });
    seen.add(id);
    const custom = id.startsWith("x_");
    if (!custom && !focusIds.has(id)) violations.push({ row: null, column: id, rule: "A column that is not a FOCUS column MUST have the x_ prefix" });
    if (!custom && customSeen) violations.push({ row: null, column: id, rule: "Custom columns SHOULD come after all FOCUS columns" });
    customSeen ||= custom;
  }
  const specs = columns.filter((column) => header.includes(column.id));
  let rowNumber = 0;
  for (const row of rows) {
    rowNumber++;
    for (const column of specs) {
      const problem = checkCell(column, row[column.id] ?? null);
      if (problem) violations.push({ row: rowNumber, column: column.id, rule: `${column.id} ${problem}`, value: row[column.id] });
    }
    for (const rule of FOCUS_ROW_RULES) {
      if (rule.check(row)) continue;
      (rule.knownDeviation ? deviations : violations).push({ row: rowNumber, column: null, rule: rule.rule });
    }
  }
  return { violations, deviations };
}
