import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SignUpForm } from "@/components/auth/signup-form";
import { Card } from "@/components/ui/card";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  await connection(); // read the sign-up switch at request time, not at build time
  if (!env.TOKENLEDGER_SIGNUP) {
    return (
      <Card title="Sign-up is turned off">
        <p className="text-sm text-slate-700">This installation does not take new sign-ups. Ask an admin of your organization for an invitation.</p>
        <p className="mt-4 text-sm">
          <Link href="/login" className="font-medium text-indigo-700 hover:underline">Back to sign in</Link>
        </p>
      </Card>
    );
  }
  return (
    <Card title="Create your TokenLedger account" description="You become the admin of a new organization and can invite your team.">
      <SignUpForm />
      <p className="mt-4 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-indigo-700 hover:underline">Sign in</Link>
      </p>
    </Card>
  );
}
