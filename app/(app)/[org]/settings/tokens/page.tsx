import type { Metadata } from "next";
import { RevokeTokenButton, TokenForm } from "@/components/settings/token-form";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { pageActorWith } from "@/lib/auth/page-actor";
import { mayAtAll } from "@/lib/auth/authorize";
import { formatDate, formatDateTime } from "@/lib/format";
import { TOKEN_SCOPE_NAMES, TOKEN_SCOPES, grantOf } from "@/lib/permissions";
import { listApiTokens } from "@/lib/tokens/queries";

export const metadata: Metadata = { title: "API tokens" };

function tokenState(token: { revokedAt: string | null; expiresAt: string | null }): { label: string; tone: "emerald" | "red" | "amber" } {
  if (token.revokedAt) return { label: "revoked", tone: "red" };
  if (token.expiresAt && new Date(token.expiresAt) <= new Date()) return { label: "expired", tone: "amber" };
  return { label: "active", tone: "emerald" };
}

export default async function TokensPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "tokens:create", `/${org}/settings/tokens`);
  const tokens = await listApiTokens(actor);
  // Offer only scopes the member's role can use: a token never has more rights than its member.
  const usable = TOKEN_SCOPE_NAMES.filter((scope) => TOKEN_SCOPES[scope].some((permission) => grantOf(actor.role, permission)));
  const scopeOptions = [
    { value: "all", label: "all", detail: "everything your role may do" },
    ...usable.map((scope) => ({ value: scope, label: scope })),
  ];
  const everyone = mayAtAll(actor, "tokens:manage");
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="API tokens"
        description="For scripts and gateways calling /api/v1. A token acts for you and never has more rights than your role."
      />
      <Card title="New token">
        <TokenForm org={org} scopeOptions={scopeOptions} />
      </Card>
      <Card title={everyone ? "All tokens of the organization" : "Your tokens"}>
        {tokens.length === 0 ? (
          <EmptyState>No tokens yet.</EmptyState>
        ) : (
          <Table caption="API tokens">
            <thead>
              <tr>
                <Th>Token</Th>
                <Th>Scopes</Th>
                {everyone ? <Th>Owner</Th> : null}
                <Th>Last used</Th>
                <Th>Expires</Th>
                <Th>State</Th>
                <Th><span className="sr-only">Actions</span></Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.map((token) => {
                const state = tokenState(token);
                return (
                  <tr key={token.id} data-testid={`token-${token.name}`}>
                    <Td>
                      <div className="font-medium text-slate-900">{token.name}</div>
                      <code className="font-mono text-xs text-slate-600">{token.prefix}…</code>
                    </Td>
                    <Td className="text-xs">{token.scopes.join(", ")}</Td>
                    {everyone ? <Td className="text-xs">{token.owner.email}</Td> : null}
                    <Td className="text-xs">{token.lastUsedAt ? formatDateTime(token.lastUsedAt, actor.org.timeZone) : "never"}</Td>
                    <Td className="text-xs">{token.expiresAt ? formatDate(token.expiresAt, actor.org.timeZone) : "never"}</Td>
                    <Td><Badge tone={state.tone}>{state.label}</Badge></Td>
                    <Td>{state.label === "active" ? <RevokeTokenButton org={org} tokenId={token.id} name={token.name} /> : null}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
