import Link from "next/link";
import type { ReactNode } from "react";
import { Sidebar } from "@/components/shell/sidebar";
import { pageActor } from "@/lib/auth/page-actor";
import { failingConnections } from "@/lib/connections/queries";
import { env } from "@/lib/env";
import { organizationsOfUser } from "@/lib/orgs/queries";

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActor(org);
  const [organizations, failing] = await Promise.all([organizationsOfUser(actor.userId), failingConnections(actor)]);
  return (
    <div className="flex min-h-screen">
      <Sidebar actor={actor} organizations={organizations} canCreateOrganizations={env.TOKENLEDGER_SIGNUP} />
      <main className="min-w-0 flex-1 px-8 py-8 print:p-0">
        {/* Until alerts exist (issue 7), a failing connection is announced here, on every page. */}
        {failing.length ? (
          <div role="alert" className="mb-6 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 print:hidden" data-testid="failing-connections">
            {failing.map((connection) => (
              <p key={connection.id}>
                <strong>{connection.name}</strong> stopped syncing: {connection.message ?? "the provider refused its key."}{" "}
                <Link className="font-medium underline" href={`/${org}/connections/${connection.id}`}>
                  Fix it
                </Link>
              </p>
            ))}
          </div>
        ) : null}
        {children}
      </main>
    </div>
  );
}
