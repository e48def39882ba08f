import { BATCH_MULTIPLIER } from "../../lib/pricing/catalog-data.ts";
import { seededRandom } from "../../lib/demo/random.ts";

// The shape of the benchmark organization's usage, decided in Node from a seed and then generated in SQL: which
// projects, API keys and provider users exist, which "streams" (one credential × user × model slot, the unit that
// reports one record per active hour) carry how much of the volume, which models each provider's streams may use on
// a day, and how many records each day gets. Pure and deterministic: the same seed and record count give the same
// shape, so reruns produce the same ledger.

export type Provider = "openai" | "anthropic" | "aws-bedrock" | "azure-openai" | "gcp-vertex";

/** A workflow the organization has, with its owning team (streams are attributed to both). */
export type WorkflowRef = { id: string; name: string; teamId: string };

/** One hash slot's stream: what a record picked through that slot is about. Sent to SQL as JSON. */
export type Stream = {
  stream: number;
  slot_lo: number;
  slot_hi: number;
  provider: Provider;
  service: string | null;
  project: string;
  api_key: string | null;
  provider_user: string | null;
  tags: Record<string, string> | null;
  team_id: string | null;
  workflow_id: string | null;
  attributed_by: string | null;
  /** 0–9999: where the stream falls in its provider's model mix of the day. */
  model_u: number;
  /** Mean requests of one hourly record, input and output tokens per request, share of input read from cache. */
  req_mean: number;
  in_per_req: number;
  out_per_req: number;
  cache_share: number;
  /** Cloud resellers' exports carry a billed cost; the AI labs' usage APIs do not. */
  billed: boolean;
  /**
   * The 24 hours of the day (UTC) in the order the stream fills them: its n-th record of a day is in hours[n - 1],
   * so a stream has one record per hour, as an hourly usage export does.
   */
  hours: number[];
};

/** A model and service tier a provider's streams may use, weighted, as the ledger stores it. Sent to SQL as JSON. */
export type Combo = {
  ord: number;
  provider: Provider;
  model: string;
  model_raw: string;
  /** The catalog's model id (price_entry.model); null for usage no catalog prices (a fine-tuned model). */
  catalog_model: string | null;
  tier: string;
  /** Relative weight on the first and the last day of the year, linear in between (models rise and fade). */
  weight_start: number;
  weight_end: number;
  reasoning: boolean;
  embedding: boolean;
  cache_write: boolean;
  /** Multiplier on standard prices for batch and flex where the catalog has no row of the tier's own. */
  multiplier: string;
  /** The organization's contract discount on this provider (percent), from discount_from on. */
  discount: string | null;
  discount_from: string | null;
};

export type UsageDay = { day: string; start: number; count: number };

export type UsageShape = {
  firstDay: string;
  lastDay: string;
  days: UsageDay[];
  streams: Stream[];
  combos: Combo[];
  /** Percent off Anthropic list prices from `from` on: the contract the organization gets a price override for. */
  contract: { provider: Provider; discountPercent: string; from: string };
  counts: { projects: number; apiKeys: number; providerUsers: number; streams: number };
  /** Expected shares of records, from the slots. */
  shares: { attributed: number; billed: number; withUser: number; tagged: number; byProvider: Record<Provider, number> };
};

export const SLOTS = 65_536;
/** How much of a provider's model mix (of 10,000) one project's streams spread over. */
const MODEL_SPREAD = 1_500;
const DAY_MS = 86_400_000;

const PROVIDERS: { provider: Provider; share: number; projects: number; apiKeys: number; users: number; streams: number; service: string | null }[] = [
  { provider: "openai", share: 0.4, projects: 80, apiKeys: 360, users: 1400, streams: 3200, service: null },
  { provider: "anthropic", share: 0.3, projects: 50, apiKeys: 240, users: 0, streams: 2100, service: null },
  { provider: "aws-bedrock", share: 0.14, projects: 30, apiKeys: 0, users: 600, streams: 1300, service: "Amazon Bedrock" },
  { provider: "azure-openai", share: 0.1, projects: 20, apiKeys: 0, users: 0, streams: 700, service: "Azure OpenAI" },
  { provider: "gcp-vertex", share: 0.06, projects: 20, apiKeys: 0, users: 0, streams: 700, service: "Vertex AI" },
];

type ModelSpec = {
  model: string;
  raw: string;
  catalog: string | null;
  from: number;
  to: number;
  tiers: [string, number][];
  reasoning?: boolean;
  embedding?: boolean;
  cacheWrite?: boolean;
};

const STANDARD_BATCH: [string, number][] = [["standard", 0.88], ["batch", 0.12]];

/**
 * Real model ids as the ingest stores them (model normalized, modelRaw as the source spells it), each priced in
 * the shipped catalog. Weights move over the year: older models fade, newer ones take over once the catalog
 * prices them (a combination without a price on a day is not used that day).
 */
const MODELS: Record<Provider, ModelSpec[]> = {
  openai: [
    { model: "gpt-4o-2024-08-06", raw: "gpt-4o-2024-08-06", catalog: "gpt-4o", from: 22, to: 8, tiers: [["standard", 0.85], ["batch", 0.12], ["priority", 0.03]] },
    { model: "gpt-4o-mini-2024-07-18", raw: "gpt-4o-mini-2024-07-18", catalog: "gpt-4o-mini", from: 26, to: 16, tiers: [["standard", 0.82], ["batch", 0.15], ["priority", 0.03]] },
    { model: "gpt-4.1-2025-04-14", raw: "gpt-4.1-2025-04-14", catalog: "gpt-4.1", from: 14, to: 16, tiers: [["standard", 0.9], ["batch", 0.06], ["priority", 0.04]] },
    { model: "gpt-4.1-mini-2025-04-14", raw: "gpt-4.1-mini-2025-04-14", catalog: "gpt-4.1-mini", from: 10, to: 12, tiers: STANDARD_BATCH },
    { model: "gpt-5-mini-2025-08-07", raw: "gpt-5-mini-2025-08-07", catalog: "gpt-5-mini", from: 8, to: 14, tiers: [["standard", 0.85], ["flex", 0.15]], reasoning: true },
    { model: "gpt-5.4-mini-2026-03-17", raw: "gpt-5.4-mini-2026-03-17", catalog: "gpt-5.4-mini", from: 10, to: 16, tiers: [["standard", 0.9], ["flex", 0.1]], reasoning: true },
    { model: "o4-mini-2025-04-16", raw: "o4-mini-2025-04-16", catalog: "o4-mini", from: 6, to: 3, tiers: [["standard", 1]], reasoning: true },
    { model: "text-embedding-3-small", raw: "text-embedding-3-small", catalog: "text-embedding-3-small", from: 6, to: 6, tiers: STANDARD_BATCH, embedding: true },
    // Billed at twice its base model's price and in no price list: the organization's unpriced usage.
    { model: "ft:gpt-4.1-mini-2025-04-14:bench-corp:support-tone:bc123", raw: "ft:gpt-4.1-mini-2025-04-14:bench-corp:support-tone:bc123", catalog: null, from: 1.5, to: 1.5, tiers: [["standard", 1]] },
  ],
  anthropic: [
    { model: "claude-sonnet-4-5", raw: "claude-sonnet-4-5-20250929", catalog: "claude-sonnet-4-5", from: 40, to: 20, tiers: STANDARD_BATCH, cacheWrite: true },
    { model: "claude-sonnet-4-6", raw: "claude-sonnet-4-6", catalog: "claude-sonnet-4-6", from: 25, to: 28, tiers: STANDARD_BATCH, cacheWrite: true },
    { model: "claude-haiku-4-5", raw: "claude-haiku-4-5-20251001", catalog: "claude-haiku-4-5", from: 32, to: 34, tiers: STANDARD_BATCH, cacheWrite: true },
    { model: "claude-opus-4-1", raw: "claude-opus-4-1-20250805", catalog: "claude-opus-4-1", from: 10, to: 2, tiers: [["standard", 1]], cacheWrite: true },
    { model: "claude-opus-4-5", raw: "claude-opus-4-5-20251101", catalog: "claude-opus-4-5", from: 6, to: 10, tiers: [["standard", 1]], cacheWrite: true },
  ],
  "aws-bedrock": [
    { model: "claude-sonnet-4-5-20250929", raw: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", catalog: "claude-sonnet-4-5", from: 30, to: 25, tiers: STANDARD_BATCH, cacheWrite: true },
    { model: "claude-haiku-4-5-20251001", raw: "global.anthropic.claude-haiku-4-5-20251001-v1:0", catalog: "claude-haiku-4-5", from: 20, to: 25, tiers: STANDARD_BATCH, cacheWrite: true },
    { model: "nova-pro", raw: "amazon.nova-pro-v1:0", catalog: "nova-pro", from: 25, to: 20, tiers: STANDARD_BATCH },
    { model: "nova-lite", raw: "amazon.nova-lite-v1:0", catalog: "nova-lite", from: 15, to: 20, tiers: [["standard", 1]] },
    { model: "llama3-3-70b-instruct", raw: "meta.llama3-3-70b-instruct-v1:0", catalog: "llama3-3-70b-instruct", from: 10, to: 10, tiers: [["standard", 1]] },
  ],
  "azure-openai": [
    { model: "gpt-4o-2024-08-06", raw: "gpt-4o-2024-08-06", catalog: "gpt-4o", from: 35, to: 20, tiers: [["standard", 1]] },
    { model: "gpt-4o-mini-2024-07-18", raw: "gpt-4o-mini-2024-07-18", catalog: "gpt-4o-mini", from: 30, to: 30, tiers: [["standard", 1]] },
    { model: "gpt-4.1-2025-04-14", raw: "gpt-4.1-2025-04-14", catalog: "gpt-4.1", from: 20, to: 25, tiers: STANDARD_BATCH },
    { model: "gpt-5-mini-2025-08-07", raw: "gpt-5-mini-2025-08-07", catalog: "gpt-5-mini", from: 5, to: 15, tiers: [["standard", 1]], reasoning: true },
    { model: "text-embedding-3-large", raw: "text-embedding-3-large", catalog: "text-embedding-3-large", from: 10, to: 10, tiers: [["standard", 1]], embedding: true },
  ],
  "gcp-vertex": [
    { model: "gemini-2.5-flash", raw: "gemini-2.5-flash", catalog: "gemini-2.5-flash", from: 50, to: 40, tiers: STANDARD_BATCH },
    { model: "gemini-2.5-pro", raw: "gemini-2.5-pro", catalog: "gemini-2.5-pro", from: 20, to: 18, tiers: [["standard", 1]] },
    { model: "gemini-2.5-flash-lite", raw: "gemini-2.5-flash-lite", catalog: "gemini-2.5-flash-lite", from: 20, to: 22, tiers: [["standard", 1]] },
    { model: "gemini-3-flash-preview", raw: "gemini-3-flash-preview", catalog: "gemini-3-flash-preview", from: 8, to: 20, tiers: [["standard", 1]] },
  ],
};

/** Relative volume by UTC hour: a US and European working day. */
const HOUR_WEIGHTS = [3, 2, 2, 2, 2, 3, 4, 6, 8, 10, 11, 11, 11, 12, 13, 13, 12, 11, 9, 7, 6, 5, 4, 3];

const ENVIRONMENTS = ["prod", "prod", "prod", "staging", "dev"];

export type UsageShapeOptions = { records: number; seed: number; lastDay: string; workflows: readonly WorkflowRef[]; growth?: number };

export function buildUsageShape(options: UsageShapeOptions): UsageShape {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const id = (length: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") =>
    Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  const hex = (length: number) => id(length, "0123456789abcdef");
  const digits = (length: number) => id(length, "0123456789");
  const logUniform = (low: number, high: number) => Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const slug = (name: string) => name.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

  const lastDay = Date.parse(`${options.lastDay}T00:00:00Z`);
  const firstDay = lastDay - 364 * DAY_MS;
  const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

  // Projects: each runs one workflow's workload (200 over 80 workflows), on one provider.
  type Project = {
    provider: Provider;
    name: string;
    app: string;
    workflow: WorkflowRef;
    tags: Record<string, string> | null;
    users: string[];
    /** Where the project sits in its provider's model mix: its streams use the few models around it. */
    modelBase: number;
  } & Pick<Stream, "req_mean" | "in_per_req" | "out_per_req" | "cache_share">;
  const workflows = [...options.workflows];
  const projects: Project[] = [];
  let projectIndex = 0;
  for (const spec of PROVIDERS) {
    for (let index = 0; index < spec.projects; index++, projectIndex++) {
      const workflow = workflows[(projectIndex * 37) % workflows.length]!;
      const app = slug(workflow.name);
      const environment = pick(ENVIRONMENTS);
      const name =
        spec.provider === "openai" ? `proj_${id(24)}`
        : spec.provider === "anthropic" ? `${app}-${environment}`
        : spec.provider === "aws-bedrock" ? digits(12)
        : spec.provider === "azure-openai" ? `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`
        : `bench-${app}-${environment}-${digits(4)}`;
      // Cloud resources carry their tags into the billing export; a third of OpenAI and Anthropic projects get them from the gateway.
      const tagged = spec.provider === "aws-bedrock" || spec.provider === "azure-openai" || spec.provider === "gcp-vertex" ? random() < 0.8 : random() < 0.3;
      projects.push({
        provider: spec.provider,
        name: projects.some((project) => project.name === name) ? `${name}-${index}` : name,
        app,
        workflow,
        tags: tagged ? { env: environment, app } : null,
        users: [],
        req_mean: round(logUniform(2, 60), 3),
        in_per_req: Math.round(logUniform(300, 12_000)),
        out_per_req: Math.round(logUniform(30, 1_500)),
        cache_share: round(random() * 0.7, 3),
        modelBase: Math.floor(random() * 10_000),
      });
    }
  }

  type Key = { name: string; project: Project };
  const keys: Key[] = [];
  const users: string[] = [];
  for (const spec of PROVIDERS) {
    const own = projects.filter((project) => project.provider === spec.provider);
    for (let index = 0; index < spec.apiKeys; index++) {
      // Every project has a key; the others go to projects at random.
      const project = index < own.length ? own[index]! : pick(own);
      keys.push({ name: spec.provider === "openai" ? `key_${id(16)}` : `apikey_01${id(22)}`, project });
    }
    for (let index = 0; index < spec.users; index++) {
      const project = own[index % own.length]!;
      const user =
        spec.provider === "openai" ? `user-${id(24)}` : `arn:aws:sts::${project.name}:assumed-role/${project.app}-${index % 3 === 0 ? "batch" : "service"}/${project.app}-${digits(6)}`;
      project.users.push(user);
      users.push(user);
    }
  }

  // Streams, lognormally weighted within a provider; every provider user belongs to at least one.
  type Draft = Omit<Stream, "slot_lo" | "slot_hi" | "team_id" | "workflow_id" | "attributed_by"> & { weight: number; unit: string; workflow: WorkflowRef };
  const drafts: Draft[] = [];
  for (const spec of PROVIDERS) {
    const own = projects.filter((project) => project.provider === spec.provider);
    const ownKeys = keys.filter((key) => key.project.provider === spec.provider);
    const ownUsers = own.flatMap((project) => project.users.map((user) => ({ user, project })));
    const first = drafts.length;
    for (let index = 0; index < spec.streams; index++) {
      let project: Project;
      let apiKey: string | null = null;
      let user: string | null = null;
      if (spec.provider === "openai") {
        // Every user and every key has a stream; OpenAI reports a user only where the caller passed one.
        if (index < ownUsers.length) {
          ({ project, user } = ownUsers[index]!);
          apiKey = pick(ownKeys.filter((key) => key.project === project)).name;
        } else {
          const key = index - ownUsers.length < ownKeys.length ? ownKeys[index - ownUsers.length]! : pick(ownKeys);
          project = key.project;
          apiKey = key.name;
          if (random() < 0.5) user = pick(project.users);
        }
      } else if (ownKeys.length) {
        const key = index < ownKeys.length ? ownKeys[index]! : pick(ownKeys);
        project = key.project;
        apiKey = key.name;
      } else if (ownUsers.length) {
        ({ project, user } = ownUsers[index % ownUsers.length]!);
      } else {
        project = index < own.length ? own[index]! : pick(own);
      }
      drafts.push({
        stream: drafts.length,
        provider: spec.provider,
        service: spec.service,
        project: project.name,
        api_key: apiKey,
        provider_user: user,
        tags: project.tags,
        // A workload uses two or three models (and tiers), not its provider's whole list.
        model_u: (project.modelBase + Math.floor(random() * MODEL_SPREAD)) % 10_000,
        req_mean: project.req_mean,
        in_per_req: project.in_per_req,
        out_per_req: project.out_per_req,
        cache_share: project.cache_share,
        billed: spec.service !== null,
        weight: Math.exp(0.6 * normal()),
        hours: hourOrder(random),
        // Attribution is decided per API key where there are keys, else per cloud project (account, subscription).
        unit: apiKey ?? project.name,
        workflow: project.workflow,
      });
    }
    // No stream more than 3.5 times as busy as the average: at ten million records a year, the busiest still has
    // fewer records on a day than the day has hours.
    const mean = drafts.slice(first).reduce((sum, draft) => sum + draft.weight, 0) / spec.streams;
    for (const draft of drafts.slice(first)) draft.weight = Math.min(draft.weight, 3.5 * mean);
    const total = drafts.slice(first).reduce((sum, draft) => sum + draft.weight, 0);
    for (const draft of drafts.slice(first)) draft.weight = (draft.weight / total) * spec.share;
  }

  // Slots by largest remainder, at least one per stream.
  const exact = drafts.map((draft) => draft.weight * (SLOTS - drafts.length));
  const slots = exact.map((value) => 1 + Math.floor(value));
  let left = SLOTS - slots.reduce((sum, value) => sum + value, 0);
  for (const index of exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction || a.index - b.index)) {
    if (left-- <= 0) break;
    slots[index.index]! += 1;
  }

  // About 15 % of the volume has no team or workflow: whole keys (or cloud projects) no rule covers yet.
  const unitSlots = new Map<string, number>();
  drafts.forEach((draft, index) => unitSlots.set(draft.unit, (unitSlots.get(draft.unit) ?? 0) + slots[index]!));
  const units = [...unitSlots.keys()];
  for (let index = units.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [units[index], units[other]] = [units[other]!, units[index]!];
  }
  const unattributed = new Set<string>();
  let unattributedSlots = 0;
  for (const unit of units) {
    const size = unitSlots.get(unit)!;
    if (unattributedSlots + size > SLOTS * 0.152) continue;
    unattributed.add(unit);
    unattributedSlots += size;
    if (unattributedSlots >= SLOTS * 0.148) break;
  }

  let cursor = 0;
  const streams: Stream[] = drafts.map(({ weight: _weight, unit, workflow, ...draft }, index) => {
    const attributed = !unattributed.has(unit);
    const stream: Stream = {
      ...draft,
      slot_lo: cursor,
      slot_hi: cursor + slots[index]!,
      team_id: attributed ? workflow.teamId : null,
      workflow_id: attributed ? workflow.id : null,
      attributed_by: attributed ? "source" : null,
    };
    cursor = stream.slot_hi;
    return stream;
  });

  const contract = contractFor(options.lastDay);
  const combos: Combo[] = [];
  for (const spec of PROVIDERS) {
    for (const model of MODELS[spec.provider]) {
      for (const [tier, share] of model.tiers) {
        combos.push({
          ord: combos.length,
          provider: spec.provider,
          model: model.model,
          model_raw: model.raw,
          catalog_model: model.catalog,
          tier,
          weight_start: model.from * share,
          weight_end: model.to * share,
          reasoning: model.reasoning ?? false,
          embedding: model.embedding ?? false,
          cache_write: model.cacheWrite ?? false,
          multiplier: BATCH_MULTIPLIER[spec.provider],
          discount: spec.provider === contract.provider ? contract.discountPercent : null,
          discount_from: spec.provider === contract.provider ? contract.from : null,
        });
      }
    }
  }

  const days = spreadOverDays(options.records, firstDay, options.growth ?? 3, random).map((count, index) => ({ day: isoDay(firstDay + index * DAY_MS), start: 0, count }));
  let start = 0;
  for (const day of days) {
    day.start = start;
    start += day.count;
  }

  const share = (test: (stream: Stream) => boolean) => round(streams.filter(test).reduce((sum, stream) => sum + stream.slot_hi - stream.slot_lo, 0) / SLOTS, 4);
  return {
    firstDay: isoDay(firstDay),
    lastDay: options.lastDay,
    days,
    streams,
    combos,
    contract,
    counts: { projects: projects.length, apiKeys: keys.length, providerUsers: users.length, streams: streams.length },
    shares: {
      attributed: share((stream) => stream.team_id !== null),
      billed: share((stream) => stream.billed),
      withUser: share((stream) => stream.provider_user !== null),
      tagged: share((stream) => stream.tags !== null),
      byProvider: Object.fromEntries(PROVIDERS.map((spec) => [spec.provider, share((stream) => stream.provider === spec.provider)])) as Record<Provider, number>,
    },
  };
}

/** The organization's Anthropic contract: 10 % off list from the first of the window's seventh month. */
export function contractFor(lastDay: string): UsageShape["contract"] {
  const first = new Date(Date.parse(`${lastDay}T00:00:00Z`) - 364 * DAY_MS);
  return { provider: "anthropic", discountPercent: "10", from: new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 6, 1)).toISOString().slice(0, 10) };
}

/**
 * Records per day over 365 days: `growth` times the volume at the end of the year as at its start (exponential),
 * quieter weekends and year-end holidays, a little day-to-day noise; exactly `records` in all.
 */
function spreadOverDays(records: number, firstDay: number, growth: number, random: () => number): number[] {
  const weights = Array.from({ length: 365 }, (_, index) => {
    const date = new Date(firstDay + index * DAY_MS);
    const weekday = date.getUTCDay();
    const month = date.getUTCMonth();
    const dayOfMonth = date.getUTCDate();
    const holiday = (month === 11 && dayOfMonth >= 24) || (month === 0 && dayOfMonth === 1);
    return Math.exp((Math.log(growth) * index) / 364) * (weekday === 0 || weekday === 6 ? 0.55 : 1) * (holiday ? 0.6 : 1) * (0.94 + random() * 0.12);
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((weight) => (weight / total) * records);
  const counts = exact.map(Math.floor);
  let left = records - counts.reduce((sum, count) => sum + count, 0);
  for (const { index } of exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction || a.index - b.index)) {
    if (left-- <= 0) break;
    counts[index]! += 1;
  }
  return counts;
}

/** The hours of a day in a random order weighted by HOUR_WEIGHTS (busy hours tend to come first). */
function hourOrder(random: () => number): number[] {
  // Efraimidis–Spirakis: sorting by u^(1/w) draws without replacement, each next hour in proportion to its weight.
  return HOUR_WEIGHTS.map((weight, hour) => ({ hour, key: Math.pow(1 - random(), 1 / weight) }))
    .sort((a, b) => b.key - a.key)
    .map((entry) => entry.hour);
}

function round(value: number, places: number): number {
  return Number(value.toFixed(places));
}
