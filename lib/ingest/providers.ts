// Provider ids in the ledger: who is paid for the usage. AI platforms get their own id (openai, anthropic,
// aws-bedrock, azure-openai, gcp-vertex) so spend by provider reads the way people talk about it; other cloud
// spend keeps the cloud's id (aws, microsoft, google, oracle, …).

export const PROVIDER_LABELS: Record<string, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  "aws-bedrock": "AWS Bedrock",
  "azure-openai": "Azure OpenAI",
  "gcp-vertex": "Google Vertex AI",
  aws: "AWS",
  microsoft: "Microsoft Azure",
  google: "Google Cloud",
  oracle: "Oracle Cloud",
};

const CLOUD_ALIASES: [RegExp, string][] = [
  [/^(aws|amazon( web services)?(,? inc\.?)?)$/i, "aws"],
  [/^(microsoft|azure|microsoft azure)$/i, "microsoft"],
  [/^(google( cloud)?|gcp|google cloud platform)$/i, "google"],
  [/^(oracle|oracle cloud( infrastructure)?|oci)$/i, "oracle"],
  [/^openai$/i, "openai"],
  [/^anthropic$/i, "anthropic"],
];

export function slugProvider(name: string): string {
  const trimmed = name.trim();
  for (const [pattern, id] of CLOUD_ALIASES) if (pattern.test(trimmed)) return id;
  return (
    trimmed
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "unknown"
  );
}

/** The ledger's provider for a row, given the billing provider's name and the service. */
export function providerFor(providerName: string, service: string | null, isAi: boolean): string {
  const cloud = slugProvider(providerName);
  if (!isAi) return cloud;
  const name = service ?? "";
  if (cloud === "aws" && /bedrock/i.test(name)) return "aws-bedrock";
  if (cloud === "microsoft" && /openai|foundry|cognitive|ai services/i.test(name)) return "azure-openai";
  if (cloud === "google" && /vertex|generative language|gemini/i.test(name)) return "gcp-vertex";
  return cloud;
}

export function providerLabel(id: string): string {
  return PROVIDER_LABELS[id] ?? id;
}
