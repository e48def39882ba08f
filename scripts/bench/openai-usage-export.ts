import { createWriteStream } from "node:fs";
import { seededRandom } from "../../lib/demo/random.ts";

// A realistic OpenAI completions usage export (the dashboard CSV, §1.4 of the provider reference) of any size:
// hourly buckets over the last months, many projects, keys, users and models, counts written as floats like the
// real export. Deterministic, so every benchmark run reads the same file.

const HEADER =
  "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens,input_text_tokens,output_text_tokens,input_cached_text_tokens,input_audio_tokens,input_cached_audio_tokens,output_audio_tokens,input_image_tokens,input_cached_image_tokens,output_image_tokens";
const MODELS = ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-4.1-2025-04-14", "gpt-4.1-mini-2025-04-14", "o3-2025-04-16", "o4-mini-2025-04-16", "gpt-5-2025-08-07", "gpt-5-mini-2025-08-07"];
const TIERS = ["default", "default", "default", "flex", "priority"];

export async function writeOpenAiUsageExport(file: string, rows: number, end = new Date("2026-11-01T00:00:00Z")): Promise<void> {
  const out = createWriteStream(file, { highWaterMark: 1024 * 1024 });
  const next = seededRandom(42);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve())));
  await write(`${HEADER}\n`);
  // 200 combinations of project, key, user and model per hour, walking back in time.
  const perHour = 200;
  let chunk = "";
  for (let index = 0; index < rows; index++) {
    const hour = Math.floor(index / perHour);
    const combination = index % perHour;
    const start = new Date(end.getTime() - (hour + 1) * 3_600_000);
    const startSeconds = start.getTime() / 1000;
    const project = `proj_${(combination % 40).toString(36).padStart(4, "0")}`;
    const key = `key_${(combination % 100).toString(36).padStart(5, "0")}`;
    const user = `user-${(combination % 60).toString(36).padStart(5, "0")}`;
    const model = MODELS[combination % MODELS.length]!;
    const batch = combination % 17 === 0;
    const tier = batch ? "default" : TIERS[combination % TIERS.length]!;
    const requests = 1 + Math.floor(next() * 400);
    const input = requests * (800 + Math.floor(next() * 6000));
    const cached = Math.floor(input * next() * 0.6);
    const uncached = input - cached;
    const output = requests * (100 + Math.floor(next() * 900));
    chunk +=
      `${startSeconds},${startSeconds + 3600},${start.toISOString().slice(0, 19)}+00:00,${new Date(start.getTime() + 3_600_000).toISOString().slice(0, 19)}+00:00,` +
      `${project},${requests}.0,${user},${key},${model},${batch ? "TRUE" : "FALSE"},${tier},${input}.0,${output}.0,${cached}.0,${uncached}.0,${uncached}.0,${output}.0,${cached}.0,0.0,0.0,0.0,0.0,0.0,0.0\n`;
    if (chunk.length > 512 * 1024) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
