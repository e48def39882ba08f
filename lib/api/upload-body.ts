import "server-only";
import { Readable } from "node:stream";
import busboy from "busboy";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { tooLarge } from "@/lib/uploads/storage";

// The body of an upload request, as a stream: multipart/form-data with a `file` field (browsers, curl -F), or
// the raw file with Content-Type text/csv or application/gzip and ?filename= (scripts). Never buffered whole.

export type UploadBody = { file: Readable; filename: string; fields: Record<string, string> };

const RAW_TYPES = /^(text\/csv|text\/plain|application\/(gzip|x-gzip|octet-stream|csv))/i;

export async function readUploadBody(request: Request): Promise<UploadBody> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > env.TOKENLEDGER_MAX_UPLOAD_BYTES + 64 * 1024) throw tooLarge();
  if (!request.body) throw new AppError("bad_request", "The request has no body: send the file.");
  const type = request.headers.get("content-type") ?? "";
  const url = new URL(request.url);
  const body = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream);

  if (RAW_TYPES.test(type)) {
    return { file: body, filename: url.searchParams.get("filename") ?? (/gzip/i.test(type) ? "upload.csv.gz" : "upload.csv"), fields: {} };
  }
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError(
      "unsupported_media_type",
      "Send the file as multipart/form-data (field `file`) or as the raw body with Content-Type text/csv or application/gzip.",
    );
  }
  return new Promise<UploadBody>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { "content-type": type }, limits: { files: 1, fields: 20, fieldSize: 10_000 } });
    } catch {
      reject(new AppError("bad_request", "The multipart body is malformed (no boundary)."));
      return;
    }
    let found = false;
    parser.on("field", (name, value) => (fields[name] = value));
    parser.on("file", (name, file, info) => {
      if (name !== "file" || found) {
        file.resume();
        return;
      }
      found = true;
      resolve({ file, filename: info.filename || "upload.csv", fields });
    });
    parser.on("error", (error) => reject(found ? error : new AppError("bad_request", `The multipart body is malformed: ${(error as Error).message}`)));
    parser.on("close", () => {
      if (!found) reject(new AppError("validation_failed", "The multipart body has no `file` field.", { fieldErrors: { file: ["Attach the file as `file`."] } }));
    });
    body.on("error", reject);
    body.pipe(parser);
  });
}
