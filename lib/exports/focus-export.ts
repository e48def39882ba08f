import "server-only";
import type { Readable } from "node:stream";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { exportFocusCsv, focusExportFilename } from "@/lib/exports/focus";
import { pool } from "@/lib/pg";

/** The FOCUS export as the caller may have it: the whole organization's ledger, for finance and admins. */
export function focusExportFor(actor: Actor, input: { from: string | null; to: string | null }): { stream: Readable; filename: string } {
  authorize(actor, "uploads:read");
  const stream = exportFocusCsv(pool, { orgId: actor.org.id, from: input.from ?? "", to: input.to ?? "" });
  return { stream, filename: focusExportFilename({ from: input.from ?? "", to: input.to ?? "" }) };
}
