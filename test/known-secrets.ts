// The fixed secrets the tests store and send (fake provider admin keys, channel secrets). None may appear in a
// log, a page or an API response: scripts/check-secret-leaks.ts greps a test run's logs for them, and
// test/known-secrets.test.ts checks that each is still the value its test uses.

export const KNOWN_TEST_SECRETS = {
  /** test/fake-providers/openai-admin.ts defaults. */
  openaiAdminKey: "sk-admin-fake-valid",
  openaiForbiddenKey: "sk-admin-fake-forbidden",
  /** test/fake-providers/anthropic-admin.ts defaults. */
  anthropicAdminKey: "sk-ant-admin01-fake-valid",
  anthropicForbiddenKey: "sk-ant-admin01-fake-forbidden",
  /** lib/connections/sync.int.test.ts: a revoked key, and keys the provider refuses. */
  revokedAdminKey: "sk-admin-revoked-key-000",
  refusedAdminKey: "sk-admin-not-a-real-key",
  /** lib/notifications/delivery.int.test.ts: webhook signing secrets and the SMTP sink's password. */
  webhookSecret: "whsec-0123456789abcdef-test",
  budgetWebhookSecret: "whsec-budget-0123456789abcdef",
  smtpPassword: "smtp-pass-0d9f2c",
  /** lib/crypto/secrets.test.ts and lib/notifications/signature.test.ts. */
  unitAdminKey: "sk-admin-0123456789abcdefghijklmnop",
  unitWebhookSecret: "whsec-test-0123456789abcdef",
  /** e2e/secrets.spec.ts: every kind of secret, looked for on every page and in every GET answer. */
  e2eOpenaiKey: "sk-admin-e2e-everypage-0123456789abcdef",
  e2eRefusedKey: "sk-admin-e2e-replaced-0123456789abcdef",
  e2eAnthropicKey: "sk-ant-admin01-e2e-everypage-0123456789",
  e2eSigningSecret: "whsec-e2e-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
  e2eSlackSecret: "slackSecretPart0123456789",
  e2eSmtpPassword: "smtpPassw0rd-e2e-0123456789",
} as const;

export type KnownSecretName = keyof typeof KNOWN_TEST_SECRETS;

/** Where each secret is used, so a renamed test key cannot silently drop out of the leak check. */
export const KNOWN_SECRET_SOURCES: Record<KnownSecretName, string> = {
  openaiAdminKey: "test/fake-providers/openai-admin.ts",
  openaiForbiddenKey: "test/fake-providers/openai-admin.ts",
  anthropicAdminKey: "test/fake-providers/anthropic-admin.ts",
  anthropicForbiddenKey: "test/fake-providers/anthropic-admin.ts",
  revokedAdminKey: "lib/connections/sync.int.test.ts",
  refusedAdminKey: "lib/connections/sync.int.test.ts",
  webhookSecret: "lib/notifications/delivery.int.test.ts",
  budgetWebhookSecret: "lib/notifications/delivery.int.test.ts",
  smtpPassword: "lib/notifications/delivery.int.test.ts",
  unitAdminKey: "lib/crypto/secrets.test.ts",
  unitWebhookSecret: "lib/notifications/signature.test.ts",
  e2eOpenaiKey: "e2e/secrets.spec.ts",
  e2eRefusedKey: "e2e/secrets.spec.ts",
  e2eAnthropicKey: "e2e/secrets.spec.ts",
  e2eSigningSecret: "e2e/secrets.spec.ts",
  e2eSlackSecret: "e2e/secrets.spec.ts",
  e2eSmtpPassword: "e2e/secrets.spec.ts",
};
