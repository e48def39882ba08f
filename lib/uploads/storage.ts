import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Uploads are streamed to disk (never held in memory) while their SHA-256 and size are taken, then imported
// from there in the background and deleted.

export function uploadDirectory(): string {
  return path.resolve(env.TOKENLEDGER_DATA_DIR, "uploads");
}

export function uploadPath(uploadId: string): string {
  return path.join(uploadDirectory(), `${uploadId}.upload`);
}

export function tooLarge(maxBytes = env.TOKENLEDGER_MAX_UPLOAD_BYTES): AppError {
  const limit = maxBytes >= 1024 ** 3 ? `${maxBytes / 1024 ** 3} GB` : `${Math.round(maxBytes / 1024 ** 2)} MB`;
  return new AppError("payload_too_large", `The file is larger than the ${limit} upload limit. Split it by month, or compress it with gzip.`);
}

export type StoredFile = { path: string; sizeBytes: number; contentHash: string };

export async function storeUpload(body: Readable, maxBytes = env.TOKENLEDGER_MAX_UPLOAD_BYTES): Promise<StoredFile> {
  const directory = uploadDirectory();
  await mkdir(directory, { recursive: true });
  const temporary = path.join(directory, `${randomUUID()}.part`);
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(tooLarge(maxBytes));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(temporary));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { path: temporary, sizeBytes: size, contentHash: hash.digest("hex") };
}

export async function moveToUpload(stored: StoredFile, uploadId: string): Promise<string> {
  const target = uploadPath(uploadId);
  await rename(stored.path, target);
  return target;
}

export async function removeUploadFile(uploadId: string): Promise<void> {
  await rm(uploadPath(uploadId), { force: true });
}
