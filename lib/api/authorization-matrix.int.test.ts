import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { API_OPERATIONS, type ApiOperation } from "@/lib/api/operations";
import { apiRouteHandlers } from "@/lib/api/route-files";
import { setPrivateNetworkAllowed } from "@/lib/net/outbound";
import { grantOf, type Permission } from "@/lib/permissions";
import { CALLERS, seedAuthorizationWorld, startReceiver, type AuthorizationWorld, type Caller } from "@/test/authorization-seed";
import { startFakeOpenAI, type FakeOpenAI } from "@/test/fake-providers/openai-admin";

// Issue 9: the authorization matrix. Every /api/v1 handler (read from the file system, so a new route cannot be
// left out) is called in-process with a real Request by six callers: nobody, A's admin with a token whose scope does
// not cover the operation, B's admin, A's finance user, A's manager (acting on the team they do not manage) and A's
// admin. The expected status comes from ROLE_PERMISSIONS and the operation's permission; where a route answers
// otherwise on purpose, the exception is written out below with its reason. Then every server action: statically,
// each resolves the session before it touches data; dynamically, without a session each refuses.

// Outside a Next request there are no request headers: the session lookup (next-auth's auth()) reads these, finds
// no cookie, and the caller is anonymous, exactly as for a request without one.
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, toString: () => "" }),
}));
// Syncs go to pg-boss; queueing one is all a route does, and this test starts no workers.
vi.mock("@/lib/jobs/runtime", () => ({ enqueueSync: async () => "matrix-job" }));

const ROOT = path.resolve(import.meta.dirname, "../..");

/** "POST /api/v1/a/{id}/b" → app/api/v1/a/[id]/b/route.ts (the inverse of apiRouteHandlers()). */
function routeFile(route: string): string {
  const routePath = route.split(" ")[1]!;
  return path.join(ROOT, "app", routePath.replace(/^\//, "").replace(/\{([^}]+)\}/g, "[$1]"), "route.ts");
}

type Call = {
  params?: Record<string, string>;
  query?: string;
  json?: unknown;
  raw?: { type: string; body: string };
};

type Entry = {
  /** The request: called once per caller, so a call that uses a resource up (delete) can make a fresh one. */
  call: (world: AuthorizationWorld, n: number) => Call | Promise<Call>;
  /** Statuses that differ from the rule in expectedStatus(), each explained in `why`. */
  except?: Partial<Record<Caller, number>>;
  why?: string;
  /** Ids A's admin must get back: proof that what the manager and B must not see is there to be seen. */
  adminSees?: (world: AuthorizationWorld) => string[];
};

const FOCUS_CSV = "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName\n1,USD,2025-01-01,2025-01-02,Usage,AWS,S3\n";
const RULE = (n: number, teamId: string) => ({ name: `Rule ${n}`, conditions: [{ field: "project", operator: "exact", value: `project-${n}` }], teamId });
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

const SCOPED_RECOMMENDATIONS = "recommendations are read through a query scoped to the manager's teams: another team's is not found, as another tenant's";

let fakeOpenAI: FakeOpenAI;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

/**
 * One entry per "METHOD path": the minimal valid request. A route missing here fails the first test by name.
 * Bodies that name a team or workflow name A's other team (the one the manager does not manage) or its workflow.
 */
const MATRIX: Record<string, Entry> = {
  "GET /api/v1/openapi.json": { call: () => ({}) },
  "GET /api/v1/me": { call: () => ({}) },

  "GET /api/v1/teams": { call: () => ({}) },
  "POST /api/v1/teams": { call: (_, n) => ({ json: { name: `Team ${n}` } }) },
  "GET /api/v1/teams/{id}": { call: (w) => ({ params: { id: w.ids.team } }) },
  "PATCH /api/v1/teams/{id}": { call: (w, n) => ({ params: { id: w.ids.team }, json: { description: `Changed ${n}` } }) },
  "DELETE /api/v1/teams/{id}": { call: async (w) => ({ params: { id: await w.fresh.team() } }) },

  "GET /api/v1/workflows": { call: () => ({}) },
  "POST /api/v1/workflows": { call: (w, n) => ({ json: { name: `Workflow ${n}`, teamId: w.teams.otherTeam.id } }) },
  "GET /api/v1/workflows/{id}": { call: (w) => ({ params: { id: w.ids.workflow } }) },
  "PATCH /api/v1/workflows/{id}": { call: (w, n) => ({ params: { id: w.ids.workflow }, json: { description: `Changed ${n}` } }) },
  "DELETE /api/v1/workflows/{id}": { call: async (w) => ({ params: { id: await w.fresh.workflow() } }) },

  "GET /api/v1/uploads": { call: () => ({}) },
  "POST /api/v1/uploads": { call: () => ({ query: "filename=matrix.csv", raw: { type: "text/csv", body: FOCUS_CSV } }) },
  "POST /api/v1/uploads/preview": { call: () => ({ raw: { type: "text/csv", body: FOCUS_CSV } }) },
  "GET /api/v1/uploads/{id}": { call: (w) => ({ params: { id: w.ids.upload } }) },
  "DELETE /api/v1/uploads/{id}": { call: async (w) => ({ params: { id: await w.fresh.upload() } }) },
  "GET /api/v1/uploads/{id}/errors": { call: (w) => ({ params: { id: w.ids.upload } }) },
  "GET /api/v1/column-mappings": { call: () => ({}) },
  "POST /api/v1/column-mappings": {
    call: (_, n) => ({ json: { name: `Mapping ${n}`, headers: ["day", "model", "cost"], mapping: { date: "day", provider: { value: "openai" }, model: "model", cost: "cost" } } }),
  },

  "GET /api/v1/spend": { call: () => ({ query: `from=${daysAgo(30)}&to=${daysAgo(0)}&groupBy=team,workflow` }), adminSees: (w) => [w.teams.otherTeam.id, w.ids.workflow] },
  "GET /api/v1/prices": { call: () => ({ query: "model=gpt-4o" }) },
  "GET /api/v1/prices/overrides": { call: () => ({}) },
  "POST /api/v1/prices/overrides": { call: () => ({ json: { provider: "openai", model: "gpt-4o-mini", kind: "discount", discountPercent: "7", validFrom: "2026-02-01" } }) },
  "DELETE /api/v1/prices/overrides/{id}": { call: async (w) => ({ params: { id: await w.fresh.override() } }) },
  "POST /api/v1/prices/import": {
    call: () => ({ json: { "matrix-model": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } } }),
  },
  "GET /api/v1/prices/unpriced": { call: () => ({}) },
  "GET /api/v1/model-aliases": { call: () => ({}) },
  "POST /api/v1/model-aliases": { call: (_, n) => ({ json: { provider: "openai", alias: `matrix-alias-${n}`, model: "gpt-4o" } }) },
  "GET /api/v1/rerate": { call: () => ({}) },
  "POST /api/v1/rerate": { call: () => ({ json: { from: "2026-01-01", to: "2026-01-02" } }) },
  "GET /api/v1/rerate/{id}": { call: (w) => ({ params: { id: w.ids.rerateRun } }) },
  "GET /api/v1/exchange-rates": { call: () => ({}) },
  "POST /api/v1/exchange-rates": { call: () => ({ json: { currency: "EUR", day: "2026-01-05", rate: "1.08" } }) },
  "POST /api/v1/exchange-rates/import": { call: () => ({ raw: { type: "text/csv", body: "2026-01-06,EUR,1.09\n" } }) },

  "GET /api/v1/connections": { call: () => ({}) },
  "POST /api/v1/connections": { call: (_, n) => ({ json: { provider: "openai", name: `Connection ${n}`, adminKey: fakeOpenAI.adminKey, baseUrl: fakeOpenAI.url } }) },
  "GET /api/v1/connections/{id}": { call: (w) => ({ params: { id: w.ids.connection } }) },
  "PATCH /api/v1/connections/{id}": { call: (w, n) => ({ params: { id: w.ids.connection }, json: { name: `OpenAI prod ${n}` } }) },
  "DELETE /api/v1/connections/{id}": { call: async (w) => ({ params: { id: await w.fresh.connection() } }) },
  "POST /api/v1/connections/{id}/sync": { call: async (w) => ({ params: { id: await w.fresh.connection() }, json: {} }) },

  "POST /api/v1/usage": {
    call: (_, n) => ({ json: [{ eventId: `matrix-${n}`, timestamp: new Date().toISOString(), provider: "openai", model: "gpt-4o", inputTokens: 100, outputTokens: 10 }] }),
  },
  "POST /api/v1/otlp/v1/traces": { call: () => ({ json: { resourceSpans: [] } }) },

  "GET /api/v1/attribution-rules": { call: () => ({}) },
  "POST /api/v1/attribution-rules": { call: (w, n) => ({ json: RULE(n, w.teams.otherTeam.id) }) },
  "PATCH /api/v1/attribution-rules/{id}": { call: (w, n) => ({ params: { id: w.ids.rule }, json: { name: `Renamed ${n}` } }) },
  "DELETE /api/v1/attribution-rules/{id}": { call: async (w) => ({ params: { id: await w.fresh.rule() } }) },
  "POST /api/v1/attribution-rules/preview": { call: (w, n) => ({ json: { rule: RULE(n, w.teams.otherTeam.id) } }) },
  "POST /api/v1/attribution-rules/apply": { call: () => ({ json: { from: "2026-01-01", to: "2026-01-02" } }) },
  "GET /api/v1/attribution-rules/apply": { call: () => ({}) },
  "GET /api/v1/attribution-rules/apply/{id}": { call: (w) => ({ params: { id: w.ids.applyRun } }) },
  "GET /api/v1/spend-splits": { call: () => ({}) },
  "POST /api/v1/spend-splits": { call: (w, n) => ({ json: { name: `Split ${n}`, method: "even", targets: [{ teamId: w.teams.otherTeam.id }] } }) },
  "DELETE /api/v1/spend-splits/{id}": { call: async (w) => ({ params: { id: await w.fresh.split() } }) },

  "GET /api/v1/explorer": { call: (w) => ({ query: `range=30d&groupBy=team,workflow&filter=team:${w.teams.otherTeam.id}` }), adminSees: (w) => [w.teams.otherTeam.id, w.ids.workflow] },
  "GET /api/v1/overview": { call: () => ({}) },
  "GET /api/v1/reports/chargeback": { call: () => ({ query: `from=${daysAgo(40).slice(0, 7)}&to=${daysAgo(0).slice(0, 7)}` }) },
  "GET /api/v1/reports/reconciliation": { call: () => ({ query: `from=${daysAgo(40).slice(0, 7)}&to=${daysAgo(0).slice(0, 7)}` }) },
  "GET /api/v1/exports/focus": { call: () => ({ query: `from=${daysAgo(2)}&to=${daysAgo(0)}` }) },

  "GET /api/v1/budgets": { call: () => ({}), adminSees: (w) => [w.ids.budget] },
  "POST /api/v1/budgets": { call: (w, n) => ({ json: { name: `Budget ${n}`, period: "monthly", amount: "100", teamId: w.teams.otherTeam.id } }) },
  "GET /api/v1/budgets/{id}": { call: (w) => ({ params: { id: w.ids.budget } }) },
  "PATCH /api/v1/budgets/{id}": { call: (w) => ({ params: { id: w.ids.budget }, json: { amount: "1200" } }) },
  "DELETE /api/v1/budgets/{id}": { call: async (w) => ({ params: { id: await w.fresh.budget() } }) },
  "GET /api/v1/budgets/status": {
    // The manager's own team with the other team's workflow: the dial must not answer with that workflow's budget.
    call: (w) => ({ query: `team=${w.teams.managedTeam.id}&workflow=${w.ids.workflow}` }),
    adminSees: (w) => [w.ids.workflowBudget],
    except: { manager: 403 },
    why: "the dial answers a manager only about the teams they manage and their workflows, and says so (a gateway should stop asking)",
  },
  "GET /api/v1/alerts": { call: (w) => ({ query: `budgetId=${w.ids.budget}` }), adminSees: (w) => [w.ids.alert] },
  "POST /api/v1/alerts/{id}/ack": {
    call: (w) => ({ params: { id: w.ids.alert } }),
    except: { manager: 404 },
    why: "alerts are read through a query scoped to the manager's teams and their budgets: another team's alert is not found, as another tenant's",
  },

  "GET /api/v1/channels": { call: () => ({}) },
  "POST /api/v1/channels": { call: (_, n) => ({ json: { kind: "webhook", name: `Hook ${n}`, url: receiver.url, secret: "0123456789abcdef0123" } }) },
  "GET /api/v1/channels/{id}": { call: (w) => ({ params: { id: w.ids.channel } }) },
  "PATCH /api/v1/channels/{id}": { call: (w, n) => ({ params: { id: w.ids.channel }, json: { name: `Legal hook ${n}` } }) },
  "DELETE /api/v1/channels/{id}": { call: async (w) => ({ params: { id: await w.fresh.channel() } }) },
  "POST /api/v1/channels/{id}/test": { call: (w) => ({ params: { id: w.ids.channel } }) },
  "GET /api/v1/channels/{id}/deliveries": { call: (w) => ({ params: { id: w.ids.channel } }) },

  "GET /api/v1/recommendations": { call: (w) => ({ query: `team=${w.teams.otherTeam.id}` }), adminSees: (w) => [w.ids.recommendation] },
  // Fresh ones: a refresh recomputes the open recommendations and drops those its data no longer supports.
  "POST /api/v1/recommendations/{id}/accept": { call: async (w) => ({ params: { id: await w.fresh.recommendation() } }), except: { manager: 404 }, why: SCOPED_RECOMMENDATIONS },
  "POST /api/v1/recommendations/{id}/dismiss": {
    call: async (w) => ({ params: { id: await w.fresh.recommendation() }, json: { reason: "Not this quarter." } }),
    except: { manager: 404 },
    why: SCOPED_RECOMMENDATIONS,
  },
  "POST /api/v1/recommendations/{id}/snooze": {
    call: async (w) => ({ params: { id: await w.fresh.recommendation() }, json: { days: 7 } }),
    except: { manager: 404 },
    why: SCOPED_RECOMMENDATIONS,
  },
  "POST /api/v1/recommendations/refresh": {
    call: () => ({}),
    except: { manager: 403 },
    why: "recomputing is for the whole organization, so only a grant on all of it (finance, admins) may; a manager's is limited to their teams",
  },

  "GET /api/v1/outcomes": {
    call: (w) => ({ query: `view=list&workflow=${w.ids.workflow}` }),
    adminSees: (w) => [w.ids.workflow],
    except: { manager: 404 },
    why: "the workflow filter is looked up among the workflows the caller may read: another team's is not found, as another tenant's",
  },
  "POST /api/v1/outcomes": { call: (w) => ({ json: [{ workflow: w.ids.workflow, day: daysAgo(1), kind: "contracts reviewed", count: 3 }] }) },
  "POST /api/v1/what-if": { call: (w) => ({ json: { teamId: w.teams.otherTeam.id, provider: "openai", model: "gpt-4o-mini", cacheHitShare: 20 } }) },
};

const keyOf = (operation: ApiOperation) => `${operation.method.toUpperCase()} ${operation.path}`;

/** Ids of A's resources: none may appear in anything B's admin gets back. */
function idsOfA(world: AuthorizationWorld): string[] {
  return [world.orgA.id, ...Object.values(world.users).map((user) => user.id), ...Object.values(world.teams).map((team) => team.id), ...Object.values(world.ids)];
}

/** Resources of the team the manager does not manage (all of `ids` belong to it, or to nobody's team). */
function outsideManager(world: AuthorizationWorld): string[] {
  const { budget, workflowBudget, alert, recommendation, workflow, rule } = world.ids;
  return [world.teams.otherTeam.id, budget, workflowBudget, alert, recommendation, workflow, rule];
}

/** Stands for "whatever an id that exists nowhere gets": another organization's ids must be indistinguishable from those. */
const AS_UNKNOWN_ID = -1;

/**
 * The rule: anonymous 401; a token without the scope 403; another organization's admin 404 for A's ids in the path,
 * the same answer as for an unknown id where they are in the body or query, else its own success; finance and
 * manager by ROLE_PERMISSIONS, where a manager's "managed" grant on the other team's resource is 403 (the data
 * layer reads it and authorize()s its team; the exceptions are the routes whose queries are scoped instead: 404);
 * A's admin the operation's success status.
 */
function expectedStatus(operation: ApiOperation, entry: Entry, call: Call, caller: Caller, world: AuthorizationWorld): number {
  const explicit = entry.except?.[caller];
  if (explicit !== undefined) return explicit;
  const success = operation.response.status;
  if (operation.public) return success;
  const inPath = operation.path.includes("{");
  const text = JSON.stringify(call);
  const inBody = JSON.stringify(call.json ?? call.raw ?? null);
  const permission = operation.permission;
  const roleStatus = (grant: "all" | "managed" | undefined) => {
    if (!grant) return 403;
    if (grant === "all") return success;
    if (inPath) return 403;
    // Naming the other team in a body is refused; in a list's filter it narrows a scoped list to nothing.
    return outsideManager(world).some((id) => inBody.includes(id)) ? 403 : success;
  };
  switch (caller) {
    case "anonymous":
      return 401;
    case "noScope":
      return permission ? 403 : success;
    case "otherOrg":
      if (inPath) return 404;
      return idsOfA(world).some((id) => text.includes(id)) ? AS_UNKNOWN_ID : success;
    case "finance":
      return roleStatus(permission ? grantOf("FINANCE", permission) : "all");
    case "manager":
      return roleStatus(permission ? grantOf("MANAGER", permission) : "all");
    case "admin":
      return success;
  }
}

function request(route: string, call: Call, token: string | null): Request {
  const [method, routePath] = route.split(" ") as [string, string];
  const filled = routePath.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(call.params?.[name] ?? `missing-${name}`));
  const headers: Record<string, string> = {};
  if (token) headers.authorization = token;
  let body: string | undefined;
  if (call.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(call.json);
  } else if (call.raw) {
    headers["content-type"] = call.raw.type;
    body = call.raw.body;
  }
  return new Request(`http://localhost${filled}${call.query ? `?${call.query}` : ""}`, { method, headers, body });
}

/** A JSON answer without the `query` it echoes (the explorer's): the caller's own filter is not a leak. */
function withoutEcho(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === "object" && "query" in body) return JSON.stringify({ ...body, query: null });
    return text;
  } catch {
    return text;
  }
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function handlerOf(route: string): Promise<Handler> {
  const routeModule = (await import(/* @vite-ignore */ routeFile(route))) as Record<string, Handler | undefined>;
  const handler = routeModule[route.split(" ")[0]!];
  if (!handler) throw new Error(`${routeFile(route)} exports no ${route.split(" ")[0]} handler`);
  return handler;
}

let world: AuthorizationWorld;
let counter = 0;
let checked = 0;

beforeAll(async () => {
  // The fake OpenAI and the webhook receiver listen on loopback, which outbound calls refuse by default.
  setPrivateNetworkAllowed(true);
  fakeOpenAI = await startFakeOpenAI();
  receiver = await startReceiver();
  world = await seedAuthorizationWorld({ receiverUrl: receiver.url });
});
afterAll(async () => {
  setPrivateNetworkAllowed(undefined);
  await fakeOpenAI?.close();
  await receiver?.close();
});

describe("the authorization matrix of /api/v1", () => {

  it("has an entry for every route (no route may be missing from the list)", () => {
    const routes = apiRouteHandlers().sort();
    const missing = routes.filter((route) => !(route in MATRIX));
    const stale = Object.keys(MATRIX).filter((route) => !routes.includes(route));
    const undocumented = routes.filter((route) => !API_OPERATIONS.some((operation) => keyOf(operation) === route));
    expect(missing, `routes under app/api/v1 with no entry in MATRIX (${path.relative(ROOT, import.meta.filename)}): add the request to call them with`).toEqual([]);
    expect(stale, "MATRIX entries for routes that no longer exist").toEqual([]);
    expect(undocumented, "routes missing from API_OPERATIONS (lib/api/operations.ts)").toEqual([]);
  });

  for (const route of apiRouteHandlers().sort()) {
    it(`${route}: ${CALLERS.join(", ")}`, async () => {
      const operation = API_OPERATIONS.find((candidate) => keyOf(candidate) === route);
      const entry = MATRIX[route];
      expect(operation, `${route} is not in API_OPERATIONS`).toBeDefined();
      expect(entry, `${route} has no entry in MATRIX: no route may be missing from the list`).toBeDefined();
      const handler = await handlerOf(route);
      const problems: string[] = [];
      for (const caller of CALLERS) {
        const call = await entry!.call(world, ++counter);
        if ((operation!.body || operation!.bodyContent) && call.json === undefined && call.raw === undefined && !operation!.path.endsWith("/sync")) {
          problems.push(`${route}: the operation takes a body, but MATRIX gives none`);
        }
        const token = caller === "anonymous" ? null : world.tokens[caller];
        const response = await handler(request(route, call, token), { params: Promise.resolve(call.params ?? {}) });
        const text = await response.text();
        const answer = withoutEcho(text);
        let expected = expectedStatus(operation!, entry!, call, caller, world);
        if (expected === AS_UNKNOWN_ID) {
          // The same request with A's ids swapped for ids that exist nowhere: the answers must be the same.
          const ids = idsOfA(world);
          const unknownCall = JSON.parse(ids.reduce((text, id) => text.replaceAll(id, `unknown${id.slice(7)}`), JSON.stringify(call))) as Call;
          const control = await handler(request(route, unknownCall, token), { params: Promise.resolve(unknownCall.params ?? {}) });
          const controlText = await control.text();
          expected = control.status;
          const shape = (body: string) => ids.reduce((value, id) => value.replaceAll(id, `unknown${id.slice(7)}`), body);
          // A filter naming nothing may answer an empty list; an id in a body or the path must be refused.
          const refused = call.json === undefined && call.raw === undefined ? [200, 400, 404, 422] : [400, 404, 422];
          if (!refused.includes(control.status)) problems.push(`otherOrg: an unknown id in the request is not refused (${control.status})`);
          if (response.status === control.status && shape(text) !== controlText) problems.push(`otherOrg: A's ids get another answer than unknown ids: ${text.slice(0, 200)} vs ${controlText.slice(0, 200)}`);
        }
        checked += 1;
        if (response.status !== expected) problems.push(`${caller}: expected ${expected}, got ${response.status} ${text.slice(0, 300)}`);
        if (caller === "admin" && entry!.adminSees) {
          const missing = entry!.adminSees(world).filter((id) => !text.includes(id));
          if (missing.length > 0) problems.push(`admin: the answer lacks ${missing.join(", ")}, so the other callers' not seeing them proves nothing`);
        }
        if (caller === "otherOrg" && response.ok) {
          const leaked = idsOfA(world).filter((id) => answer.includes(id));
          if (leaked.length > 0) problems.push(`otherOrg: the answer contains organization A's ids ${leaked.join(", ")}`);
        }
        if (caller === "manager" && response.ok && operation!.method === "get" && operation!.permission && grantOf("MANAGER", operation!.permission as Permission) === "managed") {
          const leaked = outsideManager(world).filter((id) => answer.includes(id));
          if (leaked.length > 0) problems.push(`manager: the answer contains the unmanaged team's resources ${leaked.join(", ")}`);
        }
      }
      expect(problems, `${route}\n${problems.join("\n")}`).toEqual([]);
    });
  }

  it(`checked every operation against all ${CALLERS.length} callers`, () => {
    expect(checked).toBe(apiRouteHandlers().length * CALLERS.length);
  });
});

// ── server actions ─────────────────────────────────────────────────────────────────────────────────────────────

/** Files under app/ whose first statement is "use server", and their exported async functions. */
function serverActionFiles(): { file: string; source: ts.SourceFile; actions: ts.FunctionDeclaration[] }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((dirent) => {
      const full = path.join(dir, dirent.name);
      if (dirent.isDirectory()) return walk(full);
      return /\.tsx?$/.test(dirent.name) ? [full] : [];
    });
  return walk(path.join(ROOT, "app")).flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const first = source.statements[0];
    const isServer = first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use server";
    if (!isServer) return [];
    const actions = source.statements.filter(
      (statement): statement is ts.FunctionDeclaration =>
        ts.isFunctionDeclaration(statement) && Boolean(statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)),
    );
    return [{ file: path.relative(ROOT, file), source, actions }];
  });
}

/**
 * Actions anyone may call, by design: they are how one signs in, signs up or signs out. Each is guarded otherwise
 * (rate limits, the sign-up flag, an invitation's secret).
 */
const PUBLIC_ACTIONS: Record<string, string> = {
  signInWithPassword: "signing in; rate-limited per email and address",
  signInWithSso: "starts the identity provider's sign-in",
  signUp: "self-service sign-up, only when TOKENLEDGER_SIGNUP is on",
  acceptWithNewAccount: "an invitee without an account; the invitation's secret is the credential",
  signOutAction: "signs the caller out",
};

/** Imported names that only shape the answer or the request, never read or write data. */
const NOT_DATA = new Set(["runAction", "revalidatePath", "redirect", "parseInput", "AppError", "invitationLink", "requestOrigin", "headers", "safeCallbackUrl", "clientAddress"]);

/**
 * The first call to anything imported that reads or writes data must come after the session is resolved: either
 * it takes `await sessionActor(...)` as an argument, or `sessionActor(` / a checked `sessionUserId()` ran before it.
 */
function sessionProblems(source: ts.SourceFile, action: ts.FunctionDeclaration): string[] {
  const imported = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings || !ts.isNamedImports(statement.importClause.namedBindings)) continue;
    for (const element of statement.importClause.namedBindings.elements) imported.add(element.name.text);
  }
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(action);
  const nameOf = (call: ts.CallExpression) => (ts.isIdentifier(call.expression) ? call.expression.text : null);
  const guards = calls.filter((call) => nameOf(call) === "sessionActor" || nameOf(call) === "sessionUserId");
  const body = action.body?.getText(source) ?? "";
  const checkedUserId = !guards.some((call) => nameOf(call) === "sessionUserId") || /if \(!userId\) throw new AppError\("unauthenticated"/.test(body);
  const problems: string[] = [];
  if (guards.length === 0) problems.push("never resolves the session (sessionActor / sessionUserId)");
  if (!checkedUserId) problems.push("reads sessionUserId() without refusing when it is null");
  for (const call of calls) {
    const name = nameOf(call);
    if (!name || !imported.has(name) || NOT_DATA.has(name) || name === "sessionActor" || name === "sessionUserId") continue;
    const guarded = guards.some((guard) => guard.end <= call.getStart(source) || (guard.pos >= call.arguments.pos && guard.end <= call.arguments.end));
    if (!guarded) problems.push(`calls ${name}() before the session is resolved`);
  }
  return problems;
}

describe("server actions", () => {
  const files = serverActionFiles();

  it("are found: every 'use server' file under app/ and its exported async functions", () => {
    expect(files.length).toBeGreaterThan(10);
    for (const { file, actions } of files) {
      expect(actions.length, `${file} exports no action`).toBeGreaterThan(0);
      for (const action of actions) {
        expect(action.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword), `${file}: ${action.name?.text} is not async`).toBe(true);
      }
    }
  });

  it("each resolves the session before touching data (or is a documented public action)", () => {
    const problems = files.flatMap(({ file, source, actions }) =>
      actions.flatMap((action) => {
        const name = action.name?.text ?? "(anonymous)";
        if (name in PUBLIC_ACTIONS) return [];
        return sessionProblems(source, action).map((problem) => `${file}: ${name} ${problem}`);
      }),
    );
    expect(problems).toEqual([]);
    const publicFound = files.flatMap(({ actions }) => actions.map((action) => action.name?.text)).filter((name) => name && name in PUBLIC_ACTIONS);
    expect(publicFound.sort(), "PUBLIC_ACTIONS names an action that no longer exists").toEqual(Object.keys(PUBLIC_ACTIONS).sort());
  });

  it("each refuses a caller without a session, and changes nothing", async () => {
    const refusals: string[] = [];
    let called = 0;
    for (const { file, actions } of files) {
      const actionModule = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      for (const action of actions) {
        const name = action.name!.text;
        if (name in PUBLIC_ACTIONS) continue;
        // (org, id, input) fits every signature: an org slug first, then ids, inputs or form data, all refused before use.
        const args = action.parameters.map((parameter, index) => {
          const parameterName = parameter.name.getText();
          if (index === 0 && parameterName === "org") return world.orgA.slug;
          if (parameterName === "formData") return new FormData();
          if (parameterName === "input") return {};
          return world.ids.budget;
        });
        const result = (await actionModule[name]!(...args)) as { ok: boolean; message?: string };
        called += 1;
        if (result.ok !== false || !/^Sign in/.test(result.message ?? "")) refusals.push(`${file}: ${name} answered ${JSON.stringify(result)}`);
      }
    }
    expect(refusals).toEqual([]);
    const guarded = files.flatMap(({ actions }) => actions).filter((action) => !(action.name!.text in PUBLIC_ACTIONS));
    expect(called).toBe(guarded.length);
  });
});
