// Browser side of /api/v1: one fetch wrapper that turns `{ error: { code, message, details } }` into an ApiError.
// Safe to import from client components.

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field errors of a validation failure, by field (or "line 3, rate" for files). */
  get fieldErrors(): Record<string, string[]> {
    return ((this.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors) ?? {};
  }
}

/** The session's organization travels as `?org=`. */
export function apiUrl(path: string, org: string, params: Record<string, string | null | undefined> = {}): string {
  const search = new URLSearchParams({ org });
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== "") search.set(key, value);
  return `${path}?${search}`;
}

export async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json().catch(() => null)) as ({ error?: { code: string; message: string; details?: unknown } } & T) | null;
  if (!response.ok) throw new ApiError(body?.error?.message ?? `Request failed (${response.status}).`, response.status, body?.error?.code ?? "internal", body?.error?.details);
  return body as T;
}

export function postJson<T>(url: string, body: unknown): Promise<T> {
  return api<T>(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}
