import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { signInWithSso } from "@/app/(auth)/login/actions";
import { sessionUserId } from "@/lib/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo/accounts";
import { env, oidcEnabled } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  sso_no_account: "There is no TokenLedger account for that email. Ask an admin of your organization for an invitation.",
  sso_unverified: "Your identity provider did not confirm that email address, so it cannot be matched to an account.",
  AccessDenied: "Single sign-on was refused. Ask an admin of your organization for an invitation.",
  Configuration: "Sign-in is not configured correctly. Contact your administrator.",
  OAuthCallbackError: "Single sign-on did not complete. Try again.",
  CredentialsSignin: "Wrong email or password.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await sessionUserId()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? (ERRORS[params.error] ?? "Sign-in failed. Try again.") : undefined;

  return (
    <div className="space-y-6">
      <Card title="Sign in to TokenLedger">
        <div className="space-y-4">
          <FormError message={error} />
          <LoginForm callbackUrl={callbackUrl} />
          {oidcEnabled ? (
            <form action={signInWithSso.bind(null, callbackUrl)}>
              <Button type="submit" variant="secondary" className="w-full">
                Continue with {env.OIDC_NAME}
              </Button>
            </form>
          ) : null}
          {env.TOKENLEDGER_SIGNUP ? (
            <p className="text-center text-sm text-slate-600">
              New to TokenLedger?{" "}
              <Link href="/signup" className="font-medium text-indigo-700 hover:underline">
                Create an account
              </Link>
            </p>
          ) : null}
        </div>
      </Card>
      {env.TOKENLEDGER_EMBEDDED_DB ? (
        <Card title="Demo accounts" description={`Running on the embedded demo database. Password for all: ${DEMO_PASSWORD}`}>
          <ul className="space-y-1 text-sm" data-testid="demo-accounts">
            {DEMO_ACCOUNTS.map((account) => (
              <li key={account.email} className="flex justify-between">
                <code className="font-mono text-slate-900">{account.email}</code>
                <span className="text-slate-600">{account.role.toLowerCase()}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
