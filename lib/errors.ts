import { z } from "zod";

/** The closed set of error codes; each has one HTTP status. */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** Amounts in a currency with no exchange rate to the reporting currency for some day. */
  missing_exchange_rate: 422,
  rate_limited: 429,
  internal: 500,
  /** The database (or another service the app needs) is not reachable right now; retry. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrors = Record<string, string[]>;

/** The one error the data layer throws; route wrappers turn it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static validation(error: z.ZodError, message = "The input is not valid."): AppError {
    return new AppError("validation_failed", message, { fieldErrors: fieldErrorsOf(error) });
  }

  static notFound(what: string): AppError {
    return new AppError("not_found", `${what} was not found.`);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** zod issues keyed by dotted path ("" for the whole object), as forms and the API report them. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function fieldErrorsFrom(error: AppError): FieldErrors | undefined {
  const details = error.details as { fieldErrors?: FieldErrors } | undefined;
  return details?.fieldErrors;
}

/** Parses with a schema and throws a validation AppError that names every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.validation(result.error);
  return result.data;
}

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** A unique constraint failed (Prisma P2002, or Postgres 23505 from raw SQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2002" || code === "23505";
}
