// Model names arrive in many spellings; these helpers make one id per model for grouping. Dated versions are
// kept (pricing's alias table, issue 4, resolves them); prefixes, display-name spelling and Bedrock version
// suffixes are not.

/** "claude-sonnet-4-5", not "Claude Sonnet 4.5"; "gpt-4.1" keeps its dot (OpenAI and Google ids use dots). */
export function normalizeModelId(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let id = raw.trim();
  if (!id) return null;
  // Bedrock ARNs and inference profiles: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-… / us.anthropic.claude-…
  id = id.replace(/^arn:aws[^/]*\//, "");
  id = id.replace(/^(global|us|eu|apac|us-gov|jp|au|ca)\.(?=[a-z]+\.)/i, "");
  id = id.replace(/^(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer)\.(?=[a-z])/i, "");
  // Bedrock version suffixes: -v1:0, -v2:0:200k
  id = id.replace(/-v\d+(:\d+)*(:\d+k)?$/i, "");
  // "provider/model" forms: openai/gpt-4o, vertex_ai/gemini-2.5-pro, azure/my-deployment
  id = id.replace(/^[a-z_-]+\//i, "");
  // Marketplace product names: "Claude Sonnet 4.5 (Amazon Bedrock Edition)"
  id = id.replace(/\s*\([^)]*\)\s*$/, "");
  const lower = id.toLowerCase();
  if (/\s/.test(lower)) return displayNameToId(lower);
  return lower;
}

function displayNameToId(lower: string): string {
  const words = lower.split(/\s+/).filter(Boolean);
  const joined = words.join("-");
  // Anthropic ids spell versions with dashes: "claude haiku 4.5" → claude-haiku-4-5.
  if (joined.startsWith("claude")) return joined.replace(/(\d)\.(\d)/g, "$1-$2");
  // "gpt 4o mini" → gpt-4o-mini; "gemini 2.5 pro" → gemini-2.5-pro.
  return joined;
}

/**
 * Bedrock usage-type model tokens, e.g. "Claude4.6Sonnet" → claude-sonnet-4-6, "Claude3.5Haiku" →
 * claude-3-5-haiku, "NovaPro" → nova-pro, "Llama3.1-70B" → llama3-1-70b.
 */
export function modelFromCamelToken(token: string): string {
  const claude = /^Claude(\d+)(?:\.(\d+))?([A-Za-z]+)$/.exec(token);
  if (claude) {
    const [, major, minor, tier] = claude;
    const version = minor ? `${major}-${minor}` : major;
    // Anthropic put the tier first from Claude 4 on (claude-sonnet-4-5); before that, last (claude-3-5-sonnet).
    return Number(major) >= 4 ? `claude-${tier!.toLowerCase()}-${version}` : `claude-${version}-${tier!.toLowerCase()}`;
  }
  return token
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .replace(/(\d)\.(\d)/g, "$1-$2")
    .toLowerCase();
}
