// The demo organization's people (issue: Acme Corp). Shown on the sign-in page only on the embedded demo database.
export const DEMO_PASSWORD = "tokenledger-demo";
export const DEMO_ORG = { name: "Acme Corp", slug: "acme", timeZone: "America/New_York", currency: "USD" } as const;
export const DEMO_ACCOUNTS = [
  { email: "admin@acme.test", name: "Ada Admin", role: "ADMIN" },
  { email: "finance@acme.test", name: "Fiona Finance", role: "FINANCE" },
  { email: "manager@acme.test", name: "Max Manager", role: "MANAGER" },
] as const;
