import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import Decimal from "decimal.js";
import { db } from "@/lib/db";
import { seededRandom } from "@/lib/demo/random";
import { unsafeImportFile } from "@/lib/uploads/import-file";

// Thirteen months of Acme Corp's AI usage, written the way the providers export it (OpenAI usage and cost CSVs,
// Anthropic Console usage and cost CSVs, AWS CUR 2.0 with Bedrock line items, Azure cost exports), one file per
// provider and month, and imported through the same pipeline as any upload. Volume grows month over month while
// workloads move to cheaper models, so total spend rises as the unit price falls (the Jevons effect).
// Deterministic: the same day always yields the same files, so re-running the seed imports nothing twice.

type Price = { input: string; cachedInput: string; cacheWrite: string; output: string };

const FINE_TUNED = "ft:gpt-4.1-mini-2025-04-14:acme-corp:support-tone:AbC123";

/** Acme's Anthropic agreement: 10 % off list from the seventh month on. The cost exports bill it; the catalog knows it as a contract price. */
export const DEMO_CONTRACT = { provider: "anthropic", discountPercent: "10", fromMonth: 6, note: "Anthropic enterprise agreement (demo)" } as const;

/** What the demo's exports bill, in USD per million tokens: the catalog's list prices (lib/pricing/catalog-data.ts). */
const PRICES: Record<string, Price> = {
  "gpt-4o-2024-08-06": { input: "2.50", cachedInput: "1.25", cacheWrite: "2.50", output: "10.00" },
  "gpt-4o-mini-2024-07-18": { input: "0.15", cachedInput: "0.075", cacheWrite: "0.15", output: "0.60" },
  "gpt-4.1-2025-04-14": { input: "2.00", cachedInput: "0.50", cacheWrite: "2.00", output: "8.00" },
  "gpt-4.1-mini-2025-04-14": { input: "0.40", cachedInput: "0.10", cacheWrite: "0.40", output: "1.60" },
  "claude-opus-4-1-20250805": { input: "15.00", cachedInput: "1.50", cacheWrite: "18.75", output: "75.00" },
  "claude-sonnet-4-5-20250929": { input: "3.00", cachedInput: "0.30", cacheWrite: "3.75", output: "15.00" },
  "claude-haiku-4-5-20251001": { input: "1.00", cachedInput: "0.10", cacheWrite: "1.25", output: "5.00" },
  "Claude3.7Sonnet": { input: "3.00", cachedInput: "0.30", cacheWrite: "3.75", output: "15.00" },
  "Claude3.5Haiku": { input: "0.80", cachedInput: "0.08", cacheWrite: "1.00", output: "4.00" },
  NovaPro: { input: "0.80", cachedInput: "0.20", cacheWrite: "0.80", output: "3.20" },
  "gpt-4o 1120": { input: "2.50", cachedInput: "1.25", cacheWrite: "2.50", output: "10.00" },
  "gpt-4o-mini 0718": { input: "0.15", cachedInput: "0.075", cacheWrite: "0.15", output: "0.60" },
  // A fine-tuned model: billed by OpenAI at twice its base model's price, and in no price list, so the catalog
  // cannot price its usage: the demo's unpriced usage, for "map to model" (or a contract price).
  [FINE_TUNED]: { input: "0.80", cachedInput: "0.20", cacheWrite: "0.80", output: "3.20" },
};

const DISPLAY_NAMES: Record<string, string> = {
  "claude-opus-4-1-20250805": "Claude Opus 4.1",
  "claude-sonnet-4-5-20250929": "Claude Sonnet 4.5",
  "claude-haiku-4-5-20251001": "Claude Haiku 4.5",
};

type Workload = {
  workflow: string;
  provider: "openai" | "anthropic" | "bedrock" | "azure";
  /** Provider project / workspace / account / Azure resource the workload runs under. */
  scope: string;
  apiKey: string;
  /** Model before and after the month it moves to a cheaper one (null: it never moves). */
  model: string;
  cheaperModel: string | null;
  switchMonth: number;
  requestsPerDay: number;
  inputPerRequest: number;
  outputPerRequest: number;
  /** Share of input served from the prompt cache. */
  cacheShare: number;
  /** The month it starts (default: the first). */
  startMonth?: number;
};

const WORKLOADS: Workload[] = [
  { workflow: "Support copilot", provider: "openai", scope: "proj_support_copilot", apiKey: "key_support_prod", model: "gpt-4o-2024-08-06", cheaperModel: "gpt-4.1-mini-2025-04-14", switchMonth: 6, requestsPerDay: 5200, inputPerRequest: 3800, outputPerRequest: 380, cacheShare: 0.35 },
  { workflow: "Ticket triage", provider: "openai", scope: "proj_ticket_triage", apiKey: "key_triage_prod", model: "gpt-4o-mini-2024-07-18", cheaperModel: null, switchMonth: 0, requestsPerDay: 16000, inputPerRequest: 1300, outputPerRequest: 40, cacheShare: 0.1 },
  { workflow: "Campaign copy generator", provider: "openai", scope: "proj_marketing", apiKey: "key_marketing", model: "gpt-4.1-2025-04-14", cheaperModel: null, switchMonth: 0, requestsPerDay: 900, inputPerRequest: 2200, outputPerRequest: 900, cacheShare: 0.05 },
  { workflow: "Code review assistant", provider: "anthropic", scope: "Engineering", apiKey: "code-review-bot", model: "claude-sonnet-4-5-20250929", cheaperModel: null, switchMonth: 0, requestsPerDay: 1400, inputPerRequest: 9000, outputPerRequest: 1100, cacheShare: 0.55 },
  { workflow: "Contract review", provider: "anthropic", scope: "Legal", apiKey: "legal-review", model: "claude-opus-4-1-20250805", cheaperModel: "claude-sonnet-4-5-20250929", switchMonth: 8, requestsPerDay: 260, inputPerRequest: 24000, outputPerRequest: 1800, cacheShare: 0.2 },
  { workflow: "Knowledge base QA", provider: "anthropic", scope: "Support", apiKey: "support-kb", model: "claude-haiku-4-5-20251001", cheaperModel: null, switchMonth: 0, requestsPerDay: 7000, inputPerRequest: 4200, outputPerRequest: 300, cacheShare: 0.6 },
  { workflow: "Internal docs chatbot", provider: "bedrock", scope: "444455556666", apiKey: "platform", model: "Claude3.7Sonnet", cheaperModel: "Claude3.5Haiku", switchMonth: 9, requestsPerDay: 2100, inputPerRequest: 5200, outputPerRequest: 420, cacheShare: 0.3 },
  { workflow: "Query rewriting", provider: "bedrock", scope: "777788889999", apiKey: "search", model: "NovaPro", cheaperModel: null, switchMonth: 0, requestsPerDay: 24000, inputPerRequest: 400, outputPerRequest: 60, cacheShare: 0 },
  { workflow: "Sales call summaries", provider: "azure", scope: "aoai-sales-prod", apiKey: "sales", model: "gpt-4o 1120", cheaperModel: "gpt-4o-mini 0718", switchMonth: 7, requestsPerDay: 600, inputPerRequest: 14000, outputPerRequest: 900, cacheShare: 0.15 },
  { workflow: "Support copilot", provider: "openai", scope: "proj_support_copilot", apiKey: "key_support_tone", model: FINE_TUNED, cheaperModel: null, switchMonth: 0, requestsPerDay: 1800, inputPerRequest: 900, outputPerRequest: 250, cacheShare: 0, startMonth: 11 },
  // Short, frequent requests on a premium model: the right-size recommendation (gpt-4.1 → gpt-4.1-mini).
  { workflow: "Social listening", provider: "openai", scope: "proj_social", apiKey: "key_social", model: "gpt-4.1-2025-04-14", cheaperModel: null, switchMonth: 0, requestsPerDay: 6000, inputPerRequest: 600, outputPerRequest: 120, cacheShare: 0.3, startMonth: 9 },
  // A nightly job (its workflow is marked not interactive): the batch recommendation.
  { workflow: "Churn insight summaries", provider: "openai", scope: "proj_datasci", apiKey: "key_datasci", model: "gpt-4.1-mini-2025-04-14", cheaperModel: null, switchMonth: 0, requestsPerDay: 1500, inputPerRequest: 6000, outputPerRequest: 500, cacheShare: 0.3, startMonth: 10 },
  { workflow: "Document classification", provider: "azure", scope: "aoai-docs-prod", apiKey: "docs", model: "gpt-4o-mini 0718", cheaperModel: null, switchMonth: 0, requestsPerDay: 9000, inputPerRequest: 1800, outputPerRequest: 30, cacheShare: 0.2 },
];

type DayUsage = { day: Date; workload: Workload; model: string; requests: number; uncached: number; cached: number; cacheWrite: number; output: number };

const DAY_MS = 86_400_000;

/** The demo's spend anomaly: two days ago, Legal ran a backlog of contracts through review (eight times the usual). */
export const DEMO_ANOMALY = { workflow: "Contract review", daysAgo: 2, factor: 8 } as const;
/** Context bloat: two weeks ago ticket triage started sending the customer's whole history (input +45 %, output flat). */
export const DEMO_BLOAT = { workflow: "Ticket triage", days: 14, factor: 1.45 } as const;

function usageFor(workload: Workload, day: Date, monthIndex: number, spike = 1, bloat = 1): DayUsage {
  const next = seededRandom(Math.floor(day.getTime() / DAY_MS) * 31 + workload.workflow.length * 7919 + workload.scope.length);
  const weekday = day.getUTCDay();
  const seasonality = weekday === 0 || weekday === 6 ? 0.38 : 1;
  // Adoption compounds: about 9 % more requests every month, and prompts grow as teams add context.
  const growth = 1.09 ** monthIndex;
  const requests = Math.max(1, Math.round(workload.requestsPerDay * growth * seasonality * (0.85 + next() * 0.3) * spike));
  const input = requests * Math.round(workload.inputPerRequest * (1 + monthIndex * 0.02) * (0.9 + next() * 0.2) * bloat);
  const cached = Math.round(input * workload.cacheShare);
  const cacheWrite = Math.round(cached * 0.08);
  return {
    day,
    workload,
    model: workload.cheaperModel && monthIndex >= workload.switchMonth ? workload.cheaperModel : workload.model,
    requests,
    uncached: input - cached - cacheWrite,
    cached,
    cacheWrite,
    output: requests * Math.round(workload.outputPerRequest * (0.9 + next() * 0.2)),
  };
}

function cost(tokens: number, pricePerMillion: string): string {
  return new Decimal(tokens).times(pricePerMillion).dividedBy(1_000_000).toDecimalPlaces(10).toFixed();
}

const iso = (date: Date) => date.toISOString().slice(0, 10);
const unix = (date: Date) => String(date.getTime() / 1000);
const isoHour = (date: Date) => `${date.toISOString().slice(0, 19)}+00:00`;

function openAiFiles(usage: DayUsage[]): { usage: string; costs: string } {
  const usageRows = usage.map((entry) => {
    const end = new Date(entry.day.getTime() + DAY_MS);
    const input = entry.uncached + entry.cached + entry.cacheWrite;
    return [unix(entry.day), unix(end), isoHour(entry.day), isoHour(end), entry.workload.scope, `${entry.requests}.0`, "", entry.workload.apiKey, entry.model, "FALSE", "default",
      `${input}.0`, `${entry.output}.0`, `${entry.cached}.0`, `${entry.uncached}.0`, `${entry.uncached}.0`, `${entry.output}.0`, `${entry.cached}.0`, "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"];
  });
  const costRows = usage.flatMap((entry) => {
    const end = new Date(entry.day.getTime() + DAY_MS);
    const price = PRICES[entry.model]!;
    const line = (item: string, amount: string) => [unix(entry.day), unix(end), isoHour(entry.day), isoHour(end), amount, "usd", `${entry.model}, ${item}`, entry.workload.scope, "org-AcmeCorpDemo", "Acme Corp"];
    return [
      line("input", cost(entry.uncached + entry.cacheWrite, price.input)),
      line("cached input", cost(entry.cached, price.cachedInput)),
      line("output", cost(entry.output, price.output)),
    ];
  });
  return {
    usage: stringify([["start_time", "end_time", "start_time_iso", "end_time_iso", "project_id", "num_model_requests", "user_id", "api_key_id", "model", "batch", "service_tier", "input_tokens", "output_tokens", "input_cached_tokens", "input_uncached_tokens", "input_text_tokens", "output_text_tokens", "input_cached_text_tokens", "input_audio_tokens", "input_cached_audio_tokens", "output_audio_tokens", "input_image_tokens", "input_cached_image_tokens", "output_image_tokens"], ...usageRows]),
    costs: stringify([["start_time", "end_time", "start_time_iso", "end_time_iso", "amount_value", "amount_currency", "line_item", "project_id", "organization_id", "organization_name"], ...costRows]),
  };
}

function anthropicFiles(usage: DayUsage[], discounted: boolean): { usage: string; costs: string } {
  const usageRows = usage.map((entry) => [iso(entry.day), entry.model, entry.workload.apiKey, entry.workload.scope, "standard", "≤ 200k", entry.uncached, entry.cacheWrite, 0, entry.cached, entry.output, 0, "not_available", ""]);
  const costRows = usage.flatMap((entry) => {
    const price = PRICES[entry.model]!;
    // cost_usd is what Acme pays (after its contract discount), list_price_usd the list price.
    const paid = (list: string) => (discounted ? new Decimal(list).times(100 - Number(DEMO_CONTRACT.discountPercent)).dividedBy(100).toFixed() : list);
    const line = (tokenType: string, amount: string) => [iso(entry.day), DISPLAY_NAMES[entry.model], entry.workload.scope, entry.workload.apiKey, "message", "≤ 200k", tokenType, paid(amount), amount, "token", "not_available", "", `apikey_${entry.workload.apiKey.replace(/-/g, "")}`, "active"];
    return [
      line("input_no_cache", cost(entry.uncached, price.input)),
      line("input_cache_read", cost(entry.cached, price.cachedInput)),
      line("input_cache_write_5m", cost(entry.cacheWrite, price.cacheWrite)),
      line("output", cost(entry.output, price.output)),
    ];
  });
  return {
    usage: stringify([["usage_date_utc", "model_version", "api_key", "workspace", "usage_type", "context_window", "usage_input_tokens_no_cache", "usage_input_tokens_cache_write_5m", "usage_input_tokens_cache_write_1h", "usage_input_tokens_cache_read", "usage_output_tokens", "web_search_count", "inference_geo", "speed"], ...usageRows]),
    costs: stringify([["usage_date_utc", "model", "workspace", "api_key", "usage_type", "context_window", "token_type", "cost_usd", "list_price_usd", "cost_type", "inference_geo", "speed", "api_key_id", "api_key_status"], ...costRows]),
  };
}

const CUR_HEADER = ["identity_line_item_id", "identity_time_interval", "bill_billing_entity", "bill_payer_account_id", "line_item_currency_code", "line_item_line_item_description", "line_item_line_item_type", "line_item_operation", "line_item_product_code", "line_item_resource_id", "line_item_unblended_cost", "line_item_unblended_rate", "line_item_usage_account_id", "line_item_usage_amount", "line_item_usage_end_date", "line_item_usage_start_date", "line_item_usage_type", "pricing_unit", "product", "resource_tags"];

function curFile(usage: DayUsage[]): string {
  const rows = usage.flatMap((entry) => {
    const end = new Date(entry.day.getTime() + DAY_MS);
    const price = PRICES[entry.model]!;
    const line = (kind: string, tokens: number, pricePerMillion: string) => {
      const rate = new Decimal(pricePerMillion).dividedBy(1000).toFixed();
      return [
        `${entry.workload.scope}-${iso(entry.day)}-${entry.model}-${kind}`,
        `${entry.day.toISOString()}/${end.toISOString()}`,
        "AWS",
        "111122223333",
        "USD",
        `$${rate} per 1K ${kind} for ${entry.model}`,
        "Usage",
        "InvokeModelInference",
        "AmazonBedrock",
        `arn:aws:bedrock:us-east-1:${entry.workload.scope}:inference-profile/${entry.model}`,
        cost(tokens, pricePerMillion),
        rate,
        entry.workload.scope,
        new Decimal(tokens).dividedBy(1000).toFixed(),
        end.toISOString(),
        entry.day.toISOString(),
        `USE1-${entry.model}-${kind}`,
        "1K tokens",
        JSON.stringify({ product_name: "Amazon Bedrock", region: "us-east-1" }),
        JSON.stringify({ user_team: entry.workload.apiKey, user_workflow: entry.workload.workflow }),
      ];
    };
    return [
      line("input-tokens", entry.uncached + entry.cacheWrite, price.input),
      ...(entry.cached > 0 ? [line("cache-read-input-token-count", entry.cached, price.cachedInput)] : []),
      line("output-tokens", entry.output, price.output),
    ];
  });
  // A CUR carries every AWS service; the importer keeps Bedrock and counts the rest as not AI usage.
  const other = [...new Set(usage.map((entry) => iso(entry.day)))].map((day) => {
    const start = new Date(`${day}T00:00:00Z`);
    return [`ec2-${day}`, `${start.toISOString()}/${new Date(start.getTime() + DAY_MS).toISOString()}`, "AWS", "111122223333", "USD", "Linux/UNIX On-Demand", "Usage", "RunInstances", "AmazonEC2", "i-0demo", "41.28", "0.172", "444455556666", "240", new Date(start.getTime() + DAY_MS).toISOString(), start.toISOString(), "USE1-BoxUsage:m5.xlarge", "Hrs", "{}", "{}"];
  });
  return stringify([CUR_HEADER, ...rows, ...other]);
}

const AZURE_HEADER = ["SubscriptionId", "SubscriptionName", "Date", "Product", "MeterCategory", "MeterSubCategory", "MeterName", "Quantity", "EffectivePrice", "Cost", "UnitPrice", "BillingCurrency", "ConsumedService", "ResourceId", "ResourceName", "Tags", "UnitOfMeasure", "ChargeType"];

function azureFile(usage: DayUsage[]): string {
  const rows = usage.flatMap((entry) => {
    const price = PRICES[entry.model]!;
    const date = `${String(entry.day.getUTCMonth() + 1).padStart(2, "0")}/${String(entry.day.getUTCDate()).padStart(2, "0")}/${entry.day.getUTCFullYear()}`;
    const line = (meter: string, tokens: number, pricePerMillion: string) => {
      const perThousand = new Decimal(pricePerMillion).dividedBy(1000).toFixed();
      return [
        "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        "ml-prod",
        date,
        "Azure OpenAI",
        "Foundry Models",
        "Azure OpenAI",
        meter,
        new Decimal(tokens).dividedBy(1000).toFixed(),
        perThousand,
        cost(tokens, pricePerMillion),
        perThousand,
        "USD",
        "Microsoft.CognitiveServices",
        `/subscriptions/6f1c2d3e/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/${entry.workload.scope}`,
        entry.workload.scope,
        JSON.stringify({ workflow: entry.workload.workflow }),
        "1K",
        "Usage",
      ];
    };
    return [
      line(`${entry.model} Inp glbl Tokens`, entry.uncached + entry.cacheWrite, price.input),
      ...(entry.cached > 0 ? [line(`${entry.model} cached Inp glbl Tokens`, entry.cached, price.cachedInput)] : []),
      line(`${entry.model} Outp glbl Tokens`, entry.output, price.output),
    ];
  });
  return stringify([AZURE_HEADER, ...rows]);
}

export type DemoUsageResult = { files: number; imported: number; skipped: number };

/** Writes and imports the demo's export files for the thirteen months up to yesterday. */
export async function seedDemoUsage(options: { orgId: string; uploadedById: string | null; directory: string; now?: Date; log?: (line: string) => void }): Promise<DemoUsageResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const firstMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 12, 1));
  const anomalyDay = new Date(today.getTime() - DEMO_ANOMALY.daysAgo * DAY_MS);
  const bloatFrom = new Date(today.getTime() - DEMO_BLOAT.days * DAY_MS);
  await mkdir(options.directory, { recursive: true });
  const result: DemoUsageResult = { files: 0, imported: 0, skipped: 0 };
  // The contract price exists before the usage arrives, so the usage is estimated at it.
  const contractFrom = new Date(Date.UTC(firstMonth.getUTCFullYear(), firstMonth.getUTCMonth() + DEMO_CONTRACT.fromMonth, 1));
  if (!(await db.priceOverride.findFirst({ where: { orgId: options.orgId, note: DEMO_CONTRACT.note } }))) {
    await db.priceOverride.create({
      data: { orgId: options.orgId, provider: DEMO_CONTRACT.provider, model: "", serviceTier: "", discountPercent: DEMO_CONTRACT.discountPercent, validFrom: contractFrom, note: DEMO_CONTRACT.note },
    });
  }

  for (let monthIndex = 0; monthIndex < 13; monthIndex++) {
    const monthStart = new Date(Date.UTC(firstMonth.getUTCFullYear(), firstMonth.getUTCMonth() + monthIndex, 1));
    const monthEnd = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1));
    const days: Date[] = [];
    for (let day = monthStart; day < monthEnd && day < today; day = new Date(day.getTime() + DAY_MS)) days.push(day);
    if (days.length === 0) continue;
    const usage = (provider: Workload["provider"]) =>
      WORKLOADS.filter((workload) => workload.provider === provider && monthIndex >= (workload.startMonth ?? 0)).flatMap((workload) =>
        days.map((day) =>
          usageFor(
            workload,
            day,
            monthIndex,
            workload.workflow === DEMO_ANOMALY.workflow && day.getTime() === anomalyDay.getTime() ? DEMO_ANOMALY.factor : 1,
            workload.workflow === DEMO_BLOAT.workflow && day.getTime() >= bloatFrom.getTime() ? DEMO_BLOAT.factor : 1,
          ),
        ),
      );
    const month = monthStart.toISOString().slice(0, 7);
    const openai = openAiFiles(usage("openai"));
    const anthropic = anthropicFiles(usage("anthropic"), monthIndex >= DEMO_CONTRACT.fromMonth);
    const files: [string, string][] = [
      [`openai-usage-completions-${month}.csv`, openai.usage],
      [`openai-costs-${month}.csv`, openai.costs],
      [`anthropic-usage-${month}.csv`, anthropic.usage],
      [`anthropic-costs-${month}.csv`, anthropic.costs],
      [`aws-cur-${month}.csv`, curFile(usage("bedrock"))],
      [`azure-cost-${month}.csv`, azureFile(usage("azure"))],
    ];
    for (const [name, content] of files) {
      result.files++;
      const file = path.join(options.directory, name);
      await writeFile(file, content);
      const hash = createHash("sha256").update(content).digest("hex");
      // The same content imported before: nothing to do (re-importing would change nothing but the history).
      if (await db.upload.findFirst({ where: { orgId: options.orgId, contentHash: hash, status: "COMPLETED", deletedAt: null } })) {
        result.skipped++;
        continue;
      }
      const { result: imported } = await unsafeImportFile({ orgId: options.orgId, filePath: file, uploadedById: options.uploadedById });
      if (imported?.status !== "completed") throw new Error(`the demo file ${name} did not import: ${imported?.message}`);
      result.imported++;
    }
    log(`usage for ${month} (${days.length} days)`);
  }
  return result;
}

export { WORKLOADS as DEMO_WORKLOADS };
