import { writeFile } from "node:fs/promises";

// Billing exports written for the journeys, in FOCUS form: `rows` Amazon Bedrock rows of 1,000 input tokens
// for one cent each (the draft AI keys in SkuPriceDetails name the model and token direction).
const DETAILS = `"{""ModelId"":""anthropic.claude-3-5-sonnet-20240620-v1:0"",""TokenDirection"":""Input""}"`;

export function focusExport(rows: number, options: { badRowAt?: number } = {}): string {
  const lines = ["BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,ServiceCategory,ResourceId,ConsumedQuantity,ConsumedUnit,SkuPriceDetails"];
  for (let index = 0; index < rows; index++) {
    const hour = String(index % 24).padStart(2, "0");
    const cost = options.badRowAt === index + 1 ? "one cent" : "0.01";
    lines.push(`${cost},USD,2025-06-01T${hour}:00:00Z,2025-06-01T${hour}:59:59Z,Usage,AWS,Amazon Bedrock,AI and Machine Learning,resource-${index},1000,Tokens,${DETAILS}`);
  }
  return `${lines.join("\n")}\n`;
}

export async function writeFocusExport(file: string, rows: number, options: { badRowAt?: number } = {}): Promise<void> {
  await writeFile(file, focusExport(rows, options));
}
