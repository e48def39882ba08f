import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** Pages show the 404 page for a not_found AppError (including another organization's ids). */
export async function notFoundOnAppError<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
