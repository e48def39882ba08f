import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { SignInSchema } from "@/lib/auth/schemas";
import { verifyPassword } from "@/lib/auth/password";
import { clientAddress } from "@/lib/auth/client-address";
import { checkSignInAllowed, recordFailedSignIn, recordSuccessfulSignIn } from "@/lib/auth/sign-in-limits";
import { unsafeUserForSingleSignOn } from "@/lib/auth/single-sign-on";
import { db } from "@/lib/db";
import { env, oidcEnabled } from "@/lib/env";
import { logger } from "@/lib/log";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

/** Wrong email or password: one message for both, so sign-in does not reveal which emails have accounts. */
export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
}

const providers: Provider[] = [
  Credentials({
    id: "credentials",
    credentials: { email: { type: "email" }, password: { type: "password" } },
    async authorize(raw, request) {
      const parsed = SignInSchema.safeParse(raw);
      if (!parsed.success) throw new InvalidCredentials();
      const { email, password } = parsed.data;
      const address = clientAddress(request.headers);
      if (await checkSignInAllowed(email, address)) throw new SignInRateLimited();
      const user = await db.user.findUnique({ where: { email } });
      if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
        await recordFailedSignIn(email, address);
        logger.info({ event: "sign_in_failed", email }, "failed sign-in");
        throw new InvalidCredentials();
      }
      await recordSuccessfulSignIn(email);
      return { id: user.id, email: user.email, name: user.name };
    },
  }),
];

if (oidcEnabled) {
  providers.push({
    id: "oidc",
    name: env.OIDC_NAME,
    type: "oidc",
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
  });
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers,
  // Cookies (always HttpOnly, SameSite=Lax) become Secure and __Secure-/__Host- prefixed when the request URL is
  // https, which Next derives from X-Forwarded-Proto behind a TLS proxy; on http://localhost they stay plain so
  // local runs work. useSecureCookies is left unset for that reason (lib/auth/session-cookie.int.test.ts).
  trustHost: true,
  secret: env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  logger: {
    error: (error) => logger.warn({ err: { name: error.name, message: error.message } }, "auth error"),
    warn: (code) => logger.debug({ code }, "auth warning"),
    debug: () => {},
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      // Users are matched by email only when the identity provider vouches for it.
      const user = await unsafeUserForSingleSignOn(profile, account.providerAccountId);
      return "refused" in user ? `/login?error=${user.refused}` : true;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "oidc") {
        const linked = await unsafeUserForSingleSignOn(profile, account.providerAccountId);
        if ("id" in linked) token.uid = linked.id;
      } else if (user?.id) {
        token.uid = user.id;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
});

/** The signed-in user's id, or null. */
export async function sessionUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}
