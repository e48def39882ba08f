// The one role → permission table (DESIGN.md "Who uses it"). The data layer checks it on every call and
// the UI uses the same table to decide what to show. Safe to import from client components.

export const ROLES = ["ADMIN", "FINANCE", "MANAGER"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = { ADMIN: "Admin", FINANCE: "Finance", MANAGER: "Manager" };

export const PERMISSIONS = [
  "org:read",
  "org:update",
  "members:read",
  "members:manage",
  "teams:read",
  "teams:create",
  "teams:update",
  "teams:delete",
  /** Set a team's parent and managers: the organization's structure. */
  "teams:structure",
  "workflows:read",
  "workflows:write",
  "tokens:create",
  "tokens:manage",
  "audit:read",
  /** Spend and usage from the ledger (dashboards, explorer, the spend API). */
  "spend:read",
  /** Upload history and reports. */
  "uploads:read",
  /** Upload billing files (and save column mappings); delete an upload's contribution. */
  "uploads:write",
  /** The price catalog, the organization's contract prices and exchange rates. */
  "prices:read",
  /** Contract prices, model aliases ("map to model"), price-list imports and re-rating. */
  "prices:write",
  /** Exchange rates to the reporting currency, and the currencies missing one. */
  "rates:read",
  /** Set and import exchange rates. */
  "rates:write",
  /** Provider connections (admin API syncs): their state, runs and errors. */
  "connections:read",
  /** Add, change, sync and delete provider connections. */
  "connections:write",
  /** Push usage events (POST /api/v1/usage, OTLP traces). */
  "usage:write",
  /** Attribution rules and shared-spend splits. */
  "attribution:read",
  /** Change attribution rules and splits; re-apply rules to history. */
  "attribution:write",
  /** Budgets and where they stand (managers: their teams' budgets). */
  "budgets:read",
  /** Create, change and delete budgets (managers: for their teams and those teams' workflows). */
  "budgets:write",
  /** Alerts and their deliveries (managers: alerts of their teams and their teams' budgets). */
  "alerts:read",
  /** Acknowledge alerts, mute and unmute budgets' alerts. */
  "alerts:write",
  /** Notification channels (names and kinds; never their secrets). */
  "channels:read",
  /** Add, change, delete and test notification channels. */
  "channels:write",
  /** Recommendations and their savings (managers: their teams'). */
  "recommendations:read",
  /** Accept, dismiss or snooze recommendations, and recompute them (managers: their teams'). */
  "recommendations:write",
  /** Outcome counts per workflow and day, and cost per outcome (managers: their teams' workflows). */
  "outcomes:read",
  /** Send outcome counts (API or CSV). */
  "outcomes:write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * "all": anywhere in the organization. "managed": only on teams the member manages (and their sub-teams),
 * and on workflows those teams own.
 */
export type Grant = "all" | "managed";

export const ROLE_PERMISSIONS: Record<Role, Partial<Record<Permission, Grant>>> = {
  ADMIN: Object.fromEntries(PERMISSIONS.map((permission) => [permission, "all"])) as Record<Permission, Grant>,
  FINANCE: {
    "org:read": "all",
    "members:read": "all",
    "teams:read": "all",
    "workflows:read": "all",
    "tokens:create": "all",
    "audit:read": "all",
    "spend:read": "all",
    "uploads:read": "all",
    // Finance reads prices and rates; the catalog, contract prices and rates are the admins' (issue 4).
    "prices:read": "all",
    "rates:read": "all",
    "connections:read": "all",
    "attribution:read": "all",
    // Finance manages organization-level budgets (DESIGN.md "Who uses it") and every other.
    "budgets:read": "all",
    "budgets:write": "all",
    "alerts:read": "all",
    "alerts:write": "all",
    // Finance picks channels for budgets; adding a channel (an SMTP password, a webhook secret) is the admins'.
    "channels:read": "all",
    "recommendations:read": "all",
    "recommendations:write": "all",
    "outcomes:read": "all",
    "outcomes:write": "all",
  },
  MANAGER: {
    "org:read": "all",
    "members:read": "all",
    "teams:read": "all",
    "teams:update": "managed",
    "workflows:read": "all",
    "workflows:write": "managed",
    "tokens:create": "all",
    // Managers read spend of the teams they manage (and the teams below them): every spend query is limited so.
    "spend:read": "managed",
    "prices:read": "all",
    "budgets:read": "managed",
    "budgets:write": "managed",
    "alerts:read": "managed",
    "alerts:write": "managed",
    "channels:read": "all",
    "recommendations:read": "managed",
    "recommendations:write": "managed",
    "outcomes:read": "managed",
  },
};

export function grantOf(role: Role, permission: Permission): Grant | undefined {
  return ROLE_PERMISSIONS[role][permission];
}

export function roleCan(role: Role, permission: Permission): boolean {
  return grantOf(role, permission) !== undefined;
}

/**
 * API token scopes. A token acts for the member who created it and never has more rights than that member's
 * role: its permissions are the role's permissions that one of its scopes covers. "all" covers everything.
 */
export const TOKEN_SCOPES = {
  "org:read": ["org:read"],
  "members:read": ["members:read"],
  "teams:read": ["teams:read"],
  "teams:write": ["teams:create", "teams:update", "teams:delete", "teams:structure"],
  "workflows:read": ["workflows:read"],
  "workflows:write": ["workflows:write"],
  "audit:read": ["audit:read"],
  "spend:read": ["spend:read"],
  "uploads:read": ["uploads:read"],
  "uploads:write": ["uploads:read", "uploads:write"],
  "prices:read": ["prices:read"],
  "prices:write": ["prices:read", "prices:write"],
  "rates:read": ["rates:read"],
  "rates:write": ["rates:read", "rates:write"],
  "connections:read": ["connections:read"],
  "connections:write": ["connections:read", "connections:write"],
  "usage:write": ["usage:write"],
  "attribution:read": ["attribution:read"],
  "attribution:write": ["attribution:read", "attribution:write"],
  "budgets:read": ["budgets:read"],
  "budgets:write": ["budgets:read", "budgets:write"],
  "alerts:read": ["alerts:read"],
  "alerts:write": ["alerts:read", "alerts:write"],
  "channels:read": ["channels:read"],
  "channels:write": ["channels:read", "channels:write"],
  "recommendations:read": ["recommendations:read"],
  "recommendations:write": ["recommendations:read", "recommendations:write"],
  "outcomes:read": ["outcomes:read"],
  "outcomes:write": ["outcomes:read", "outcomes:write"],
} as const satisfies Record<string, readonly Permission[]>;
export type TokenScope = keyof typeof TOKEN_SCOPES;
export const TOKEN_SCOPE_NAMES = Object.keys(TOKEN_SCOPES) as TokenScope[];

export function permissionsOfScopes(scopes: readonly string[]): Set<Permission> {
  if (scopes.includes("all")) return new Set(PERMISSIONS);
  const out = new Set<Permission>();
  for (const scope of scopes) {
    for (const permission of TOKEN_SCOPES[scope as TokenScope] ?? []) out.add(permission);
  }
  return out;
}

/** The main sections of the app and who may open them; the sidebar shows only what the role may open. */
export const MAIN_PAGES = [
  { segment: "explorer", label: "Explorer", permission: "spend:read" },
  { segment: "budgets", label: "Budgets", permission: "budgets:read" },
  { segment: "alerts", label: "Alerts", permission: "alerts:read" },
  { segment: "recommendations", label: "Recommendations", permission: "recommendations:read" },
  { segment: "outcomes", label: "Outcomes", permission: "outcomes:read" },
  { segment: "what-if", label: "What-if", permission: "spend:read" },
  { segment: "reports", label: "Reports", permission: "spend:read" },
  { segment: "uploads", label: "Uploads", permission: "uploads:read" },
  { segment: "prices", label: "Prices", permission: "prices:read" },
  { segment: "connections", label: "Connections", permission: "connections:read" },
] as const satisfies readonly {
  segment: string;
  label: string;
  permission: Permission;
}[];

/** The settings pages and who may open them. */
export const SETTINGS_PAGES = [
  { segment: "", label: "Organization", permission: "org:update" },
  { segment: "members", label: "Members", permission: "members:manage" },
  { segment: "teams", label: "Teams", permission: "teams:update" },
  { segment: "workflows", label: "Workflows", permission: "workflows:write" },
  { segment: "attribution", label: "Attribution", permission: "attribution:read" },
  { segment: "exchange-rates", label: "Exchange rates", permission: "rates:read" },
  { segment: "channels", label: "Alert channels", permission: "channels:read" },
  { segment: "tokens", label: "API tokens", permission: "tokens:create" },
  { segment: "audit", label: "Audit log", permission: "audit:read" },
] as const satisfies readonly { segment: string; label: string; permission: Permission }[];
