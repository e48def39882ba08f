import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/** The app's public origin for links we hand out (invitations): TOKENLEDGER_PUBLIC_URL, else this request's. */
export async function requestOrigin(): Promise<string> {
  if (env.TOKENLEDGER_PUBLIC_URL) return env.TOKENLEDGER_PUBLIC_URL.replace(/\/+$/, "");
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host") ?? "localhost:3000";
  const proto = list.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export function invitationLink(origin: string, secret: string): string {
  return `${origin}/invite/${secret}`;
}
