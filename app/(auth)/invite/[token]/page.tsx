import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationForm, JoinButton } from "@/components/auth/accept-invitation-form";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { auth } from "@/lib/auth";
import { unsafeInvitationState } from "@/lib/members/accept-invitation";
import { signOutAction } from "@/app/sign-out-action";
import { ROLE_LABELS, type Role } from "@/lib/permissions";

export const metadata: Metadata = { title: "Invitation" };

const CLOSED: Record<string, string> = {
  unknown: "This invitation link is not valid. Ask your admin for a new one.",
  used: "This invitation link has already been used.",
  revoked: "This invitation was withdrawn. Ask your admin for a new one.",
  expired: "This invitation has expired. Ask your admin for a new one.",
};

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await unsafeInvitationState(token);
  if (state.status !== "open") {
    return (
      <Card title="Invitation unavailable">
        <p className="text-sm text-slate-700">{CLOSED[state.status]}</p>
        <p className="mt-4 text-sm">
          <Link href="/login" className="font-medium text-indigo-700 hover:underline">Go to sign in</Link>
        </p>
      </Card>
    );
  }
  const session = await auth();
  const title = `Join ${state.orgName}`;
  const description = `You are invited as ${ROLE_LABELS[state.role as Role].toLowerCase()}.`;
  if (!state.accountExists) {
    return (
      <Card title={title} description={description}>
        <AcceptInvitationForm secret={token} email={state.email} />
      </Card>
    );
  }
  const signedInAsInvitee = session?.user?.email?.toLowerCase() === state.email;
  return (
    <Card title={title} description={description}>
      {signedInAsInvitee ? (
        <JoinButton secret={token} />
      ) : (
        <div className="space-y-3 text-sm text-slate-700">
          <p>
            An account for <strong>{state.email}</strong> exists. Sign in as {state.email} to accept.
          </p>
          {session?.user ? (
            <form action={signOutAction.bind(null, `/invite/${token}`)}>
              <p className="mb-3">You are signed in as {session.user.email}.</p>
              <button type="submit" className={buttonClass("primary")}>
                Sign out and sign in as {state.email}
              </button>
            </form>
          ) : (
            <Link href={`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`} className={buttonClass("primary")}>
              Sign in to accept
            </Link>
          )}
        </div>
      )}
    </Card>
  );
}
