import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiRouteHandlers } from "@/lib/api/route-files";

describe("the API operation list", () => {
  it("names exactly the handlers under app/api/v1", () => {
    const listed = API_OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`).sort();
    expect(listed).toEqual(apiRouteHandlers().sort());
  });

  it("generates an OpenAPI 3.1 document with every operation, its body schema and error shape", () => {
    const document = buildOpenApiDocument("http://localhost:3000");
    expect(document.openapi).toBe("3.1.0");
    const operations = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} /api/v1${route}`),
    );
    expect(operations.sort()).toEqual(API_OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`).sort());
    const createTeam = document.paths?.["/teams"]?.post;
    expect(createTeam?.requestBody).toBeDefined();
    expect(Object.keys(createTeam?.responses ?? {})).toEqual(expect.arrayContaining(["201", "400", "401", "403", "409"]));
    expect(JSON.stringify(createTeam?.requestBody)).toContain("#/components/schemas/TeamInput");
    expect(Object.keys((document.components?.schemas?.TeamInput as { properties: object }).properties)).toContain("managerIds");
    expect(document.components?.schemas?.Error).toBeDefined();
  });
});
