import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { API_OPERATIONS, ErrorBodySchema } from "@/lib/api/operations";

// Components are named with zod's .meta({ id }) in lib/api/operations.ts; the generator turns them into $refs.
import { ERROR_STATUS } from "@/lib/errors";
import { TOKEN_SCOPES } from "@/lib/permissions";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "The input is not valid: `details.fieldErrors` names each bad field.",
  401: "No credentials, or the session or API token is not valid (revoked, expired).",
  403: "The caller's role, or the token's scopes, do not allow this.",
  404: "Not found, or it belongs to another organization.",
  409: "Conflicts with existing data (a duplicate name, the last admin).",
  413: "The body is too large.",
  415: "The body is not JSON.",
  429: "Rate limited; `Retry-After` says when to retry.",
};

function scopesFor(permission: string | null): string[] {
  if (!permission) return [];
  return ["all", ...Object.entries(TOKEN_SCOPES).filter(([, permissions]) => (permissions as readonly string[]).includes(permission)).map(([scope]) => scope)];
}

export function buildOpenApiDocument(serverUrl: string) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "bearerToken", {
    type: "http",
    scheme: "bearer",
    description: "An organization API token (`tl_…`), created under Settings → API tokens or with `npm run cli -- token:create`.",
  });
  const cookie = registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description: "The browser session. Name the organization with `?org=<slug>` or `X-TokenLedger-Org`.",
  });

  for (const operation of API_OPERATIONS) {
    const hasBody = Boolean(operation.body || operation.bodyContent);
    const errorStatuses = operation.public ? [500] : [400, 401, 403, 404, ...(hasBody ? [409, 413, 415] : []), 429];
    const responses: RouteConfig["responses"] = {
      [operation.response.status]: {
        description: operation.response.description,
        ...(operation.response.schema ? { content: { [operation.response.contentType ?? "application/json"]: { schema: operation.response.schema } } } : {}),
      },
    };
    for (const status of errorStatuses) {
      if (status === 500) continue;
      responses[status] = { description: ERROR_DESCRIPTIONS[status] ?? "Error", content: { "application/json": { schema: ErrorBodySchema } } };
    }
    for (const extra of operation.errors ?? []) {
      responses[extra.status] = { description: extra.description, content: { "application/json": { schema: ErrorBodySchema } } };
    }
    const scopes = scopesFor(operation.permission);
    registry.registerPath({
      method: operation.method,
      path: operation.path.replace(/^\/api\/v1/, ""),
      summary: operation.summary,
      tags: [operation.tag],
      description: operation.permission
        ? `Permission \`${operation.permission}\`. Token scopes that grant it: ${scopes.map((scope) => `\`${scope}\``).join(", ")}.`
        : undefined,
      security: operation.public ? [] : [{ [bearer.name]: scopes }, { [cookie.name]: [] }],
      request: {
        ...(operation.params ? { params: operation.params } : {}),
        ...(operation.query ? { query: operation.query } : {}),
        ...(operation.body ? { body: { required: true, content: { "application/json": { schema: operation.body } } } } : {}),
        ...(operation.bodyContent ? { body: { required: true, content: operation.bodyContent } } : {}),
      },
      responses,
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "TokenLedger API",
      version: "1",
      description:
        "AI spend: organizations, teams, workflows, usage and budgets. Errors are always " +
        "`{ \"error\": { \"code\", \"message\", \"details\" } }`; codes: " +
        Object.keys(ERROR_STATUS).map((code) => `\`${code}\``).join(", ") + ".",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
  });
}
