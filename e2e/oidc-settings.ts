// Where the test identity provider (e2e/oidc-provider.ts) listens, and the client the app is registered as.
export const OIDC_PORT = 3125;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "tokenledger-e2e";
export const OIDC_CLIENT_SECRET = "tokenledger-e2e-client-secret";
