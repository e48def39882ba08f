import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Reads the handlers under app/api/v1 from the file system: each route.ts and the HTTP methods it exports, as
// "METHOD /api/v1/path/{param}". Tests use it to prove the operation list (and so the OpenAPI document and the
// authorization matrix) names every route.

const API_ROOT = path.resolve(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

export function apiRouteHandlers(): string[] {
  return walk(API_ROOT).flatMap((file) => {
    const route = `/api/v1/${path.relative(API_ROOT, path.dirname(file))}`
      .replace(/\/$/, "")
      .replace(/\[([^\]]+)\]/g, "{$1}");
    const source = readFileSync(file, "utf8");
    return METHODS.filter((method) => new RegExp(`export\\s+(const|async function|function)\\s+${method}\\b`).test(source)).map(
      (method) => `${method} ${route}`,
    );
  });
}
