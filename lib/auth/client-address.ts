/**
 * The client address: the right-most X-Forwarded-For entry, which is what the nearest proxy (or Next's own
 * server, when there is none) saw. Entries to its left are client-supplied and cannot be trusted.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last || headers.get("x-real-ip") || "unknown";
}
