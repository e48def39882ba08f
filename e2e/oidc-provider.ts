// A real OpenID Connect provider on loopback (panva's oidc-provider, the certified implementation) for the
// single sign-on journeys. Any login is accepted on its development login page; the login is the email, and a
// login starting with "unverified:" comes back with email_verified = false.
import Provider from "oidc-provider";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER, OIDC_PORT } from "./oidc-settings.ts";

{
  const provider = new Provider(OIDC_ISSUER, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: ["http://localhost:3123/api/auth/callback/oidc"],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["tokenledger-e2e-cookie-key"] },
    // Put the scope's claims (email, email_verified) in the ID token, as Google, Okta and Entra ID do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_context, id) {
      const unverified = id.startsWith("unverified:");
      const email = id.replace(/^unverified:/, "");
      return {
        accountId: id,
        claims: async () => ({ sub: id, email, email_verified: !unverified, name: "Sam Single-Sign-On" }),
      };
    },
  });
  provider.listen(OIDC_PORT, "127.0.0.1");
  console.log(`OIDC provider listening on ${OIDC_ISSUER}`);
}
