import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { NewOrganizationForm } from "@/components/auth/new-organization-form";
import { Card } from "@/components/ui/card";
import { sessionUserId } from "@/lib/auth";
import { env } from "@/lib/env";
import { organizationsOfUser } from "@/lib/orgs/queries";

export const metadata: Metadata = { title: "New organization" };

export default async function OnboardingPage() {
  const userId = await sessionUserId();
  if (!userId) redirect("/login?callbackUrl=/onboarding");
  const organizations = await organizationsOfUser(userId);
  return (
    <Card
      title={organizations.length ? "Create another organization" : "You are not in an organization yet"}
      description={
        env.TOKENLEDGER_SIGNUP
          ? "Create one and invite your team, or open an invitation link an admin sent you."
          : "Ask an admin of your organization for an invitation link."
      }
    >
      {env.TOKENLEDGER_SIGNUP ? <NewOrganizationForm /> : null}
      {organizations.length ? (
        <p className="mt-4 text-sm">
          <Link href={`/${organizations[0]!.slug}`} className="font-medium text-indigo-700 hover:underline">
            Back to {organizations[0]!.name}
          </Link>
        </p>
      ) : null}
    </Card>
  );
}
