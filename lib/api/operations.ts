import { z } from "zod";
import { ErrorBodySchema as ErrorBody } from "@/lib/errors";
import { OrganizationSchema as Organization } from "@/lib/orgs/schemas";
import { PERMISSIONS, ROLES, type Permission } from "@/lib/permissions";
import { TeamInputSchema as TeamInput, TeamPatchSchema as TeamPatch, TeamSchema as Team } from "@/lib/teams/schemas";
import { SaveMappingSchema } from "@/lib/ingest/formats/custom-schema";
import { SpendResponseSchema, SPEND_DIMENSIONS, SPEND_METRICS } from "@/lib/spend/schemas";
import { UploadPreviewSchema, UploadSchema, UPLOAD_MODES } from "@/lib/uploads/schemas";
import {
  AliasSchema,
  ExchangeRateInputSchema,
  ExchangeRateSchema,
  MapModelSchema,
  MissingRateSchema,
  OverrideInputSchema,
  OverrideSchema,
  PriceListImportSchema,
  PriceSchema,
  RerateRunSchema,
  RerateSchema,
  UnpricedSchema,
} from "@/lib/pricing/schemas";
import { UsageEventsBodySchema } from "@/lib/ingest/usage-events";
import { DIMENSIONS, GRANULARITIES, METRICS, PRESETS } from "@/lib/analytics/schemas";
import { ApplySchema, PreviewResultSchema, PreviewSchema, RuleInputSchema, RulePatchSchema, RuleSchema, SplitInputSchema, SplitSchema } from "@/lib/attribution/schemas";
import { BudgetInputSchema, BudgetPatchSchema } from "@/lib/budgets/schemas";
import { ALERT_OPERATIONS } from "@/lib/alerts/operations";
import { CHANNEL_OPERATIONS } from "@/lib/notifications/operations";
import { OUTCOME_OPERATIONS } from "@/lib/outcomes/operations";
import { RECOMMENDATION_OPERATIONS } from "@/lib/recommendations/operations";
import { WHAT_IF_OPERATIONS } from "@/lib/what-if/operations";
import { ConnectionInputSchema, ConnectionPatchSchema, ConnectionSchema, RunSchema, SyncRequestSchema } from "@/lib/connections/schemas";
import {
  WorkflowInputSchema as WorkflowInput,
  WorkflowPatchSchema as WorkflowPatch,
  WorkflowSchema as Workflow,
} from "@/lib/workflows/schemas";

// Named components of the OpenAPI document.
export const ErrorBodySchema = ErrorBody.meta({ id: "Error" });
const OrganizationSchema = Organization.meta({ id: "Organization" });
const TeamSchema = Team.meta({ id: "Team" });
const TeamInputSchema = TeamInput.meta({ id: "TeamInput" });
const TeamPatchSchema = TeamPatch.meta({ id: "TeamPatch" });
const WorkflowSchema = Workflow.meta({ id: "Workflow" });
const WorkflowInputSchema = WorkflowInput.meta({ id: "WorkflowInput" });
const WorkflowPatchSchema = WorkflowPatch.meta({ id: "WorkflowPatch" });
const Upload = UploadSchema.meta({ id: "Upload" });
const UploadPreview = UploadPreviewSchema.meta({ id: "UploadPreview" });
const SpendResponse = SpendResponseSchema.meta({ id: "SpendResponse" });
const Price = PriceSchema.meta({ id: "Price" });
const PriceOverride = OverrideSchema.meta({ id: "PriceOverride" });
const RerateRun = RerateRunSchema.meta({ id: "RerateRun" });
const ExchangeRate = ExchangeRateSchema.meta({ id: "ExchangeRate" });
const Connection = ConnectionSchema.meta({ id: "Connection" });
const SyncRun = RunSchema.meta({ id: "SyncRun" });

/** Upload bodies: the raw file (text/csv or application/gzip, with ?filename=) or multipart with a `file` field. */
const FILE_BODY = {
  "text/csv": { schema: z.string().meta({ description: "The CSV file itself." }) },
  "application/gzip": { schema: z.string().meta({ description: "The CSV file, gzip-compressed.", format: "binary" }) },
  "multipart/form-data": {
    schema: z.object({
      file: z.string().meta({ format: "binary", description: "The CSV or .csv.gz file." }),
      mode: z.enum(UPLOAD_MODES).optional(),
      mapping: z.string().optional(),
    }),
  },
};

// Every /api/v1 operation, in one list: the OpenAPI document is generated from it, and a test checks that it
// names exactly the handlers under app/api/v1 (so a new route cannot ship undocumented).

export const MeSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  organization: OrganizationSchema,
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  token: z.object({ id: z.string() }).nullable(),
});

export const IdParams = z.object({ id: z.string().meta({ description: "The resource id." }) });
export const DeletedSchema = z.object({ deleted: z.literal(true) });

export type ApiOperation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  tag: string;
  /** The permission the handler checks; null when any signed-in caller (or nobody, for public) may call it. */
  permission: Permission | null;
  public?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Non-JSON request bodies, by media type. */
  bodyContent?: Record<string, { schema: z.ZodType }>;
  response: { status: number; schema: z.ZodType | null; description: string; contentType?: string };
  /** Error statuses beyond the usual ones, with what they mean here. */
  errors?: { status: number; description: string }[];
};

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This OpenAPI 3.1 document",
    tag: "meta",
    permission: null,
    public: true,
    response: { status: 200, schema: null, description: "The OpenAPI document." },
  },
  {
    method: "get",
    path: "/api/v1/me",
    summary: "The caller: user, organization, role and effective permissions",
    tag: "meta",
    permission: null,
    response: { status: 200, schema: MeSchema, description: "The caller." },
  },
  {
    method: "get",
    path: "/api/v1/teams",
    summary: "List teams",
    tag: "teams",
    permission: "teams:read",
    response: { status: 200, schema: z.object({ teams: z.array(TeamSchema) }), description: "All teams of the organization." },
  },
  {
    method: "post",
    path: "/api/v1/teams",
    summary: "Create a team",
    tag: "teams",
    permission: "teams:create",
    body: TeamInputSchema,
    response: { status: 201, schema: z.object({ team: TeamSchema }), description: "The new team." },
  },
  {
    method: "get",
    path: "/api/v1/teams/{id}",
    summary: "Get a team",
    tag: "teams",
    permission: "teams:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ team: TeamSchema }), description: "The team." },
  },
  {
    method: "patch",
    path: "/api/v1/teams/{id}",
    summary: "Change a team (managers: only teams they manage; parent and managers: admins)",
    tag: "teams",
    permission: "teams:update",
    params: IdParams,
    body: TeamPatchSchema,
    response: { status: 200, schema: z.object({ team: TeamSchema }), description: "The changed team." },
  },
  {
    method: "delete",
    path: "/api/v1/teams/{id}",
    summary: "Delete a team (its sub-teams move up to its parent)",
    tag: "teams",
    permission: "teams:delete",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
  {
    method: "get",
    path: "/api/v1/workflows",
    summary: "List workflows",
    tag: "workflows",
    permission: "workflows:read",
    response: { status: 200, schema: z.object({ workflows: z.array(WorkflowSchema) }), description: "All workflows." },
  },
  {
    method: "post",
    path: "/api/v1/workflows",
    summary: "Create a workflow (managers: owned by a team they manage)",
    tag: "workflows",
    permission: "workflows:write",
    body: WorkflowInputSchema,
    response: { status: 201, schema: z.object({ workflow: WorkflowSchema }), description: "The new workflow." },
  },
  {
    method: "get",
    path: "/api/v1/workflows/{id}",
    summary: "Get a workflow",
    tag: "workflows",
    permission: "workflows:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ workflow: WorkflowSchema }), description: "The workflow." },
  },
  {
    method: "patch",
    path: "/api/v1/workflows/{id}",
    summary: "Change a workflow",
    tag: "workflows",
    permission: "workflows:write",
    params: IdParams,
    body: WorkflowPatchSchema,
    response: { status: 200, schema: z.object({ workflow: WorkflowSchema }), description: "The changed workflow." },
  },
  {
    method: "delete",
    path: "/api/v1/workflows/{id}",
    summary: "Delete a workflow",
    tag: "workflows",
    permission: "workflows:write",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
  {
    method: "get",
    path: "/api/v1/uploads",
    summary: "Upload history: status, format, period, rows, totals by currency",
    tag: "uploads",
    permission: "uploads:read",
    response: { status: 200, schema: z.object({ uploads: z.array(Upload) }), description: "The newest 100 uploads." },
  },
  {
    method: "post",
    path: "/api/v1/uploads",
    summary: "Upload a billing export (.csv or .csv.gz, up to 1 GB); the import starts at once",
    tag: "uploads",
    permission: "uploads:write",
    query: z.object({
      filename: z.string().optional().meta({ description: "File name, for a raw body." }),
      mode: z.enum(UPLOAD_MODES).optional().meta({ description: "strict (default): any invalid row rejects the file. skip-invalid: import the valid rows and report the rest." }),
      mapping: z.string().optional().meta({ description: "Name of a saved column mapping to read the file with." }),
    }),
    bodyContent: FILE_BODY,
    response: { status: 202, schema: z.object({ upload: Upload }), description: "Accepted; poll GET /uploads/{id} for progress." },
  },
  {
    method: "post",
    path: "/api/v1/uploads/preview",
    summary: "Detect a file's format and read its first 20 rows, without importing",
    tag: "uploads",
    permission: "uploads:write",
    query: z.object({ mapping: z.string().optional() }),
    bodyContent: FILE_BODY,
    response: { status: 200, schema: z.object({ preview: UploadPreview }), description: "The preview." },
  },
  {
    method: "get",
    path: "/api/v1/uploads/{id}",
    summary: "An upload's status (pending, processing, completed, failed), progress, rows, period, totals and first errors",
    tag: "uploads",
    permission: "uploads:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ upload: Upload }), description: "The upload." },
  },
  {
    method: "delete",
    path: "/api/v1/uploads/{id}",
    summary: "Delete an upload: removes exactly the records it wrote, and their rollups",
    tag: "uploads",
    permission: "uploads:write",
    params: IdParams,
    response: {
      status: 200,
      schema: z.object({ deleted: z.literal(true), removed: z.object({ records: z.number(), totals: z.record(z.string(), z.object({ billed: z.string().nullable(), records: z.number() })) }) }),
      description: "Deleted, with what was removed.",
    },
  },
  {
    method: "get",
    path: "/api/v1/uploads/{id}/errors",
    summary: "Every rejected or skipped row of an upload (row, column, value, reason) as CSV",
    tag: "uploads",
    permission: "uploads:read",
    params: IdParams,
    response: { status: 200, schema: z.string(), description: "CSV.", contentType: "text/csv" },
  },
  {
    method: "get",
    path: "/api/v1/column-mappings",
    summary: "Saved column mappings",
    tag: "uploads",
    permission: "uploads:read",
    response: { status: 200, schema: z.object({ mappings: z.array(z.object({ id: z.string(), name: z.string(), headers: z.array(z.string()), mapping: z.unknown() })) }), description: "The mappings." },
  },
  {
    method: "post",
    path: "/api/v1/column-mappings",
    summary: "Save a column mapping for a CSV no built-in format reads",
    tag: "uploads",
    permission: "uploads:write",
    body: SaveMappingSchema,
    response: { status: 201, schema: z.object({ mapping: z.object({ id: z.string(), name: z.string() }) }), description: "Saved." },
  },
  {
    method: "get",
    path: "/api/v1/spend",
    summary: "Spend grouped by any dimension, with token buckets and requests",
    tag: "spend",
    permission: "spend:read",
    query: z.object({
      from: z.string().meta({ description: "First day, YYYY-MM-DD." }),
      to: z.string().meta({ description: "Last day (inclusive), YYYY-MM-DD." }),
      groupBy: z.string().optional().meta({ description: `Comma list of: ${SPEND_DIMENSIONS.join(", ")}. Empty: one total per currency.` }),
      metric: z
        .enum(SPEND_METRICS)
        .optional()
        .meta({ description: "billed, estimated, effective (billed where present, else estimated; the default), or list (the estimate at list prices, before contract prices)." }),
      currency: z
        .string()
        .optional()
        .meta({ description: "The organization's reporting currency: every amount converted at the rate of its charge date. Without it, amounts stay in their own currencies." }),
    }),
    response: { status: 200, schema: SpendResponse, description: "Rows per group and currency, and totals per currency." },
    errors: [{ status: 422, description: "`missing_exchange_rate`: some currency has no rate for some day; details list them." }],
  },
  {
    method: "get",
    path: "/api/v1/prices",
    summary: "Catalog prices (current and past, with source and checked date) of the models matching a name",
    tag: "prices",
    permission: "prices:read",
    query: z.object({
      model: z.string().optional().meta({ description: "A model name, alias, display name (\"Claude Haiku 4.5\"), Bedrock id or ARN; part of one matches too." }),
      provider: z.string().optional().meta({ description: "Only this provider (openai, anthropic, gcp-vertex, aws-bedrock, azure-openai)." }),
    }),
    response: { status: 200, schema: z.object({ prices: z.array(Price) }), description: "Prices per provider, model, service tier and context tier, newest first." },
  },
  {
    method: "get",
    path: "/api/v1/prices/overrides",
    summary: "The organization's contract prices and discounts",
    tag: "prices",
    permission: "prices:read",
    response: { status: 200, schema: z.object({ overrides: z.array(PriceOverride) }), description: "Contract prices." },
  },
  {
    method: "post",
    path: "/api/v1/prices/overrides",
    summary: "Add a contract price (per model and token type) or discount (per provider or model), effective-dated",
    tag: "prices",
    permission: "prices:write",
    body: OverrideInputSchema,
    response: { status: 201, schema: z.object({ override: PriceOverride }), description: "The contract price. Re-rate past days to apply it to them." },
  },
  {
    method: "delete",
    path: "/api/v1/prices/overrides/{id}",
    summary: "Delete a contract price",
    tag: "prices",
    permission: "prices:write",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/v1/prices/import",
    summary: "Import a price list in the open JSON format (input_cost_per_token, …): the diff, or with apply=true the change",
    tag: "prices",
    permission: "prices:write",
    query: z.object({
      apply: z.enum(["true", "false"]).optional().meta({ description: "true: apply the changes; otherwise only show them." }),
      effectiveFrom: z.string().optional().meta({ description: "The day the new prices take effect, YYYY-MM-DD (default today)." }),
    }),
    bodyContent: { "application/json": { schema: z.record(z.string(), z.unknown()).meta({ description: "One key per model; unknown keys are ignored. Up to 32 MiB." }) } },
    response: { status: 200, schema: PriceListImportSchema, description: "What the list adds and changes." },
  },
  {
    method: "get",
    path: "/api/v1/prices/unpriced",
    summary: "Usage the catalog cannot price, by provider and model (records and tokens)",
    tag: "prices",
    permission: "spend:read",
    query: z.object({ from: z.string().optional(), to: z.string().optional() }),
    response: { status: 200, schema: z.object({ unpriced: z.array(UnpricedSchema) }), description: "Unpriced usage, most tokens first." },
  },
  {
    method: "get",
    path: "/api/v1/model-aliases",
    summary: "The organization's model names mapped to catalog models",
    tag: "prices",
    permission: "prices:read",
    response: { status: 200, schema: z.object({ aliases: z.array(AliasSchema) }), description: "Aliases." },
  },
  {
    method: "post",
    path: "/api/v1/model-aliases",
    summary: "Map a model name to a catalog model, and re-rate the usage (\"map to model\")",
    tag: "prices",
    permission: "prices:write",
    body: MapModelSchema,
    response: { status: 202, schema: z.object({ alias: z.string(), model: z.string(), rerate: RerateRun }), description: "Mapped; the re-rate runs in the background." },
  },
  {
    method: "get",
    path: "/api/v1/rerate",
    summary: "Recent re-rates",
    tag: "prices",
    permission: "prices:read",
    response: { status: 200, schema: z.object({ runs: z.array(RerateRun) }), description: "The last twenty re-rates." },
  },
  {
    method: "post",
    path: "/api/v1/rerate",
    summary: "Re-rate a date range from the current catalog, aliases and contract prices",
    tag: "prices",
    permission: "prices:write",
    body: RerateSchema,
    response: { status: 202, schema: z.object({ run: RerateRun }), description: "Started; poll /rerate/{id} for progress." },
  },
  {
    method: "get",
    path: "/api/v1/rerate/{id}",
    summary: "A re-rate's progress and its totals before and after",
    tag: "prices",
    permission: "prices:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ run: RerateRun }), description: "The re-rate." },
  },
  {
    method: "get",
    path: "/api/v1/exchange-rates",
    summary: "Exchange rates to the reporting currency, and currencies still missing one",
    tag: "prices",
    permission: "rates:read",
    response: {
      status: 200,
      schema: z.object({ reportingCurrency: z.string(), rates: z.array(ExchangeRate), missing: z.array(MissingRateSchema) }),
      description: "Rates, newest first per currency.",
    },
  },
  {
    method: "post",
    path: "/api/v1/exchange-rates",
    summary: "Set the rate of a currency to the reporting currency for a day",
    tag: "prices",
    permission: "rates:write",
    body: ExchangeRateInputSchema,
    response: { status: 201, schema: z.object({ rate: ExchangeRate }), description: "Saved (replacing that day's rate)." },
  },
  {
    method: "post",
    path: "/api/v1/exchange-rates/import",
    summary: "Import rates from a CSV of date, currency, rate (all rows or none)",
    tag: "prices",
    permission: "rates:write",
    bodyContent: { "text/csv": { schema: z.string().meta({ description: "date,currency,rate — e.g. 2026-03-02,EUR,1.0842. A header row is optional." }) } },
    response: { status: 200, schema: z.object({ saved: z.number() }), description: "How many rates were saved." },
  },
  {
    method: "get",
    path: "/api/v1/connections",
    summary: "Provider admin API connections: state, last and next sync, records and period covered, backfill progress",
    tag: "connections",
    permission: "connections:read",
    response: { status: 200, schema: z.object({ connections: z.array(Connection) }), description: "Connections (keys never included)." },
  },
  {
    method: "post",
    path: "/api/v1/connections",
    summary: "Add an OpenAI or Anthropic connection: the admin key is checked live, stored encrypted, and the backfill starts",
    tag: "connections",
    permission: "connections:write",
    body: ConnectionInputSchema,
    response: { status: 201, schema: z.object({ connection: Connection }), description: "The connection, with its backfill run." },
  },
  {
    method: "get",
    path: "/api/v1/connections/{id}",
    summary: "A connection with its recent runs (start, end, result, records, errors)",
    tag: "connections",
    permission: "connections:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ connection: Connection.extend({ runs: z.array(SyncRun) }) }), description: "The connection." },
  },
  {
    method: "patch",
    path: "/api/v1/connections/{id}",
    summary: "Rename, change the base URL or trailing window, or replace the admin key (a failing connection resumes)",
    tag: "connections",
    permission: "connections:write",
    params: IdParams,
    body: ConnectionPatchSchema,
    response: { status: 200, schema: z.object({ connection: Connection.extend({ runs: z.array(SyncRun) }) }), description: "The changed connection." },
  },
  {
    method: "delete",
    path: "/api/v1/connections/{id}",
    summary: "Delete a connection (the usage it imported stays in the ledger)",
    tag: "connections",
    permission: "connections:write",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/v1/connections/{id}/sync",
    summary: "Sync now, optionally a chosen range of days",
    tag: "connections",
    permission: "connections:write",
    params: IdParams,
    body: SyncRequestSchema,
    response: { status: 202, schema: z.object({ jobId: z.string(), run: SyncRun }), description: "Queued; the run shows in the connection's runs." },
    errors: [{ status: 409, description: "A sync of this connection is already queued or running, or the connection is failing." }],
  },
  {
    method: "post",
    path: "/api/v1/usage",
    summary: "Push usage events (up to 10,000 or 10 MB): idempotent by eventId, aggregated into hourly ledger records",
    tag: "usage",
    permission: "usage:write",
    body: UsageEventsBodySchema.meta({ id: "UsageEvents" }),
    response: {
      status: 202,
      schema: z.object({
        received: z.number(),
        accepted: z.number().describe("Events written for the first time"),
        duplicates: z.number().describe("Events whose eventId was received before: not counted again"),
        rejected: z.number(),
        errors: z.array(z.object({ index: z.number(), field: z.string().nullable(), reason: z.string() })),
      }),
      description: "Written; each invalid event is listed with its index and reason.",
    },
    errors: [{ status: 429, description: "Too many requests for this token; Retry-After says when to retry." }],
  },
  {
    method: "post",
    path: "/api/v1/otlp/v1/traces",
    summary: "OTLP/HTTP JSON traces: spans with gen_ai.usage.* attributes become usage",
    tag: "usage",
    permission: "usage:write",
    bodyContent: { "application/json": { schema: z.record(z.string(), z.unknown()).meta({ description: "An OTLP ExportTraceServiceRequest in JSON." }) } },
    response: {
      status: 200,
      schema: z.object({ partialSuccess: z.object({ rejectedSpans: z.number(), errorMessage: z.string() }).optional() }),
      description: "OTLP's answer: empty when every span was taken.",
    },
    errors: [{ status: 429, description: "Too many requests for this token; Retry-After says when to retry." }],
  },
  {
    method: "get",
    path: "/api/v1/attribution-rules",
    summary: "Attribution rules, in the order they apply",
    tag: "attribution",
    permission: "attribution:read",
    response: { status: 200, schema: z.object({ rules: z.array(RuleSchema.meta({ id: "AttributionRule" })) }), description: "Rules." },
  },
  {
    method: "post",
    path: "/api/v1/attribution-rules",
    summary: "Add a rule: conditions on provider, project, API key, user, model or a tag (exact, prefix, regex) → team and/or workflow",
    tag: "attribution",
    permission: "attribution:write",
    body: RuleInputSchema,
    response: { status: 201, schema: z.object({ rule: RuleSchema }), description: "The rule. It applies to new usage; re-apply to move history." },
  },
  {
    method: "patch",
    path: "/api/v1/attribution-rules/{id}",
    summary: "Change a rule (conditions, target, enabled, position)",
    tag: "attribution",
    permission: "attribution:write",
    params: IdParams,
    body: RulePatchSchema,
    response: { status: 200, schema: z.object({ rule: RuleSchema }), description: "The changed rule." },
  },
  {
    method: "delete",
    path: "/api/v1/attribution-rules/{id}",
    summary: "Delete a rule",
    tag: "attribution",
    permission: "attribution:write",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/v1/attribution-rules/preview",
    summary: "What a rule would move over the last 30 days (spend from where to where), before it is saved",
    tag: "attribution",
    permission: "attribution:read",
    body: PreviewSchema,
    response: { status: 200, schema: PreviewResultSchema, description: "The moves, and attributed / unattributed spend after." },
  },
  {
    method: "post",
    path: "/api/v1/attribution-rules/apply",
    summary: "Re-apply the rules to history from `from` to `to` (background run with progress and an audit record)",
    tag: "attribution",
    permission: "attribution:write",
    query: z.object({ dryRun: z.enum(["true", "false"]).optional().meta({ description: "true: answer what it would move, change nothing." }) }),
    body: ApplySchema,
    response: { status: 202, schema: z.object({ run: SyncRun }), description: "Started; the run shows progress." },
  },
  {
    method: "get",
    path: "/api/v1/attribution-rules/apply",
    summary: "Recent re-applies of the rules to history",
    tag: "attribution",
    permission: "attribution:read",
    response: { status: 200, schema: z.object({ runs: z.array(SyncRun) }), description: "The last ten runs, newest first." },
  },
  {
    method: "get",
    path: "/api/v1/attribution-rules/apply/{id}",
    summary: "A re-apply's progress: status and records moved",
    tag: "attribution",
    permission: "attribution:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ run: SyncRun }), description: "The run." },
  },
  {
    method: "get",
    path: "/api/v1/spend-splits",
    summary: "Shared-spend splits: a team's (or the unattributed) spend shared across teams for chargeback",
    tag: "attribution",
    permission: "attribution:read",
    response: { status: 200, schema: z.object({ splits: z.array(SplitSchema.meta({ id: "SpendSplit" })) }), description: "Splits, by name." },
  },
  {
    method: "post",
    path: "/api/v1/spend-splits",
    summary: "Add a split: evenly, by fixed percentages (adding up to 100) or in proportion to the teams' own spend",
    tag: "attribution",
    permission: "attribution:write",
    body: SplitInputSchema,
    response: { status: 201, schema: z.object({ split: SplitSchema }), description: "The split." },
  },
  {
    method: "delete",
    path: "/api/v1/spend-splits/{id}",
    summary: "Delete a split",
    tag: "attribution",
    permission: "attribution:write",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
  {
    method: "get",
    path: "/api/v1/explorer",
    summary: "Spend and usage grouped by any dimension and filtered on any, at a granularity, with the previous period (JSON or CSV)",
    tag: "spend",
    permission: "spend:read",
    query: z.object({
      range: z.enum([...PRESETS, "custom"]).optional().meta({ description: "A preset, or custom with from and to (default 30d)." }),
      from: z.string().optional().meta({ description: "First day, YYYY-MM-DD (range=custom)." }),
      to: z.string().optional().meta({ description: "Last day, inclusive (range=custom)." }),
      groupBy: z.string().optional().meta({ description: `Up to two of: ${DIMENSIONS.join(", ")}, tag:<key> (comma separated).` }),
      filter: z.string().optional().meta({ description: "Repeatable: <dimension>:<value>|<value>… (values URL-encoded; an empty value is none / unattributed)." }),
      metric: z.enum(METRICS).optional(),
      granularity: z.enum(GRANULARITIES).optional(),
      compare: z.enum(["0", "1"]).optional().meta({ description: "0: no previous period." }),
      format: z.enum(["json", "csv"]).optional(),
    }),
    response: {
      status: 200,
      schema: z.looseObject({ rows: z.array(z.looseObject({ key: z.string(), value: z.string() })), total: z.looseObject({ value: z.string() }), currency: z.string() }),
      description: "Rows per group with value, previous and change; the total; time buckets for a chart. Managers get their teams only.",
    },
    errors: [{ status: 422, description: "`missing_exchange_rate`: some currency has no rate to the reporting currency." }],
  },
  {
    method: "get",
    path: "/api/v1/overview",
    summary: "Month to date, forecast, top teams / workflows / models / providers, movers, unpriced and unattributed spend, unit economics",
    tag: "spend",
    permission: "spend:read",
    response: { status: 200, schema: z.looseObject({ monthToDate: z.looseObject({ value: z.string() }), currency: z.string() }), description: "The overview." },
  },
  {
    method: "get",
    path: "/api/v1/reports/chargeback",
    summary: "Monthly chargeback: per team (with cost center) and month, direct spend, split shared spend in and out, and the total, to the cent (JSON or CSV)",
    tag: "reports",
    permission: "spend:read",
    query: z.object({
      from: z.string().meta({ description: "First month, YYYY-MM." }),
      to: z.string().meta({ description: "Last month, YYYY-MM (at most 36 months)." }),
      format: z.enum(["json", "csv"]).optional(),
    }),
    response: {
      status: 200,
      schema: z.looseObject({ rows: z.array(z.looseObject({ team: z.string(), month: z.string(), total: z.string() })), total: z.looseObject({ total: z.string() }), currency: z.string() }),
      description: "Rows per team and month; totals per month and overall. Managers get their teams' rows.",
    },
    errors: [{ status: 422, description: "`missing_exchange_rate`: some currency has no rate to the reporting currency." }],
  },
  {
    method: "get",
    path: "/api/v1/reports/reconciliation",
    summary: "Billed against estimated cost per provider and month, and the difference; with provider and month, by model and by day",
    tag: "reports",
    permission: "uploads:read",
    query: z.object({
      from: z.string().optional().meta({ description: "First month, YYYY-MM." }),
      to: z.string().optional().meta({ description: "Last month, YYYY-MM." }),
      provider: z.string().optional().meta({ description: "Drill into one provider (with month)." }),
      month: z.string().optional().meta({ description: "The month to drill into, YYYY-MM." }),
      format: z.enum(["json", "csv"]).optional(),
    }),
    response: {
      status: 200,
      schema: z.looseObject({ currency: z.string() }),
      description: "rows (provider, month, billed, estimated, estimatedOnBilledDays, difference, status) and total; or byModel, byDay and total.",
    },
    errors: [{ status: 422, description: "`missing_exchange_rate`: some currency has no rate to the reporting currency." }],
  },
  {
    method: "get",
    path: "/api/v1/exports/focus",
    summary: "The ledger for a range of usage days as a FOCUS 1.2 CSV, with team and workflow as x_ columns (streamed)",
    tag: "reports",
    permission: "uploads:read",
    query: z.object({ from: z.string().meta({ description: "First usage day, YYYY-MM-DD." }), to: z.string().meta({ description: "Last usage day, inclusive." }) }),
    response: { status: 200, schema: z.string(), description: "text/csv, one row per ledger record.", contentType: "text/csv" },
  },
  {
    method: "get",
    path: "/api/v1/budgets",
    summary: "Budgets with their current period: actual, percent of the amount, thresholds crossed, days left, state",
    tag: "budgets",
    permission: "budgets:read",
    response: { status: 200, schema: z.object({ budgets: z.array(z.looseObject({ id: z.string(), name: z.string(), amount: z.string(), current: z.looseObject({ actual: z.string(), percent: z.string(), state: z.string() }) })) }), description: "Managers get their teams' budgets." },
  },
  {
    method: "post",
    path: "/api/v1/budgets",
    summary: "Add a budget (scope: organization, narrowed by team, workflow, provider and/or model; monthly, quarterly or yearly)",
    tag: "budgets",
    permission: "budgets:write",
    body: BudgetInputSchema,
    response: { status: 201, schema: z.object({ budget: z.looseObject({ id: z.string(), name: z.string(), amount: z.string(), current: z.looseObject({ actual: z.string(), percent: z.string(), state: z.string() }) }) }), description: "The budget with its past periods." },
    errors: [{ status: 409, description: "A budget of that name exists." }],
  },
  {
    method: "get",
    path: "/api/v1/budgets/{id}",
    summary: "A budget with its past periods, actual against the amount period by period",
    tag: "budgets",
    permission: "budgets:read",
    params: IdParams,
    response: { status: 200, schema: z.object({ budget: z.looseObject({ id: z.string(), name: z.string(), amount: z.string(), current: z.looseObject({ actual: z.string(), percent: z.string(), state: z.string() }) }) }), description: "The budget." },
  },
  {
    method: "patch",
    path: "/api/v1/budgets/{id}",
    summary: "Change a budget",
    tag: "budgets",
    permission: "budgets:write",
    params: IdParams,
    body: BudgetPatchSchema,
    response: { status: 200, schema: z.object({ budget: z.looseObject({ id: z.string(), name: z.string(), amount: z.string(), current: z.looseObject({ actual: z.string(), percent: z.string(), state: z.string() }) }) }), description: "The budget as changed." },
  },
  {
    method: "delete",
    path: "/api/v1/budgets/{id}",
    summary: "Delete a budget",
    tag: "budgets",
    permission: "budgets:write",
    params: IdParams,
    response: { status: 200, schema: DeletedSchema, description: "Deleted." },
  },
  ...ALERT_OPERATIONS,
  ...CHANNEL_OPERATIONS,
  ...RECOMMENDATION_OPERATIONS,
  ...OUTCOME_OPERATIONS,
  ...WHAT_IF_OPERATIONS,
];
