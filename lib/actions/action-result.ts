import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { AppError, fieldErrorsFrom, isAppError, type FieldErrors } from "@/lib/errors";
import { logger } from "@/lib/log";

// What every server action returns: forms show `message` at the top and `fieldErrors` under their fields.
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors?: FieldErrors };

export async function runAction<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    // redirect(), notFound() and forbidden() work by throwing; let Next handle them.
    unstable_rethrow(error);
    if (isAppError(error)) return { ok: false, message: error.message, fieldErrors: fieldErrorsFrom(error) };
    if (error instanceof z.ZodError) {
      const appError = AppError.validation(error);
      return { ok: false, message: appError.message, fieldErrors: fieldErrorsFrom(appError) };
    }
    logger.error({ err: error }, "unhandled server action error");
    return { ok: false, message: "Something went wrong on our side. Try again." };
  }
}
