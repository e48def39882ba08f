"use client";

import { queryOptions } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api/client";
import type { UploadPreview, UploadView } from "@/lib/uploads/schemas";

// Keys and fetchers of the uploads feature, shared by the page's components.

export const uploadKeys = {
  all: (org: string) => ["uploads", org] as const,
};

/** While any upload is waiting or importing, poll every second; otherwise, do not. */
export function uploadsQuery(org: string) {
  return queryOptions({
    queryKey: uploadKeys.all(org),
    queryFn: async () => (await api<{ uploads: UploadView[] }>(`/api/v1/uploads?org=${encodeURIComponent(org)}`)).uploads,
    refetchInterval: (query) => (query.state.data?.some((upload) => upload.status === "pending" || upload.status === "processing") ? 1000 : false),
  });
}

export async function previewFile(org: string, file: File, mapping?: string | null): Promise<UploadPreview> {
  // Only the first megabyte travels: enough for the header and twenty rows, even of a 1 GB export.
  const head = file.slice(0, 1024 * 1024);
  const params = new URLSearchParams({ org, filename: file.name });
  if (mapping) params.set("mapping", mapping);
  return (
    await api<{ preview: UploadPreview }>(`/api/v1/uploads/preview?${params}`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: head,
    })
  ).preview;
}

/** Sends the whole file as the raw body, reporting bytes sent (fetch cannot report upload progress; XHR can). */
export function sendFile(
  org: string,
  file: File,
  options: { mode: string; mapping: string | null },
  onProgress: (sent: number, total: number) => void,
): Promise<UploadView> {
  return new Promise((resolve, reject) => {
    const params = new URLSearchParams({ org, filename: file.name, mode: options.mode });
    if (options.mapping) params.set("mapping", options.mapping);
    const request = new XMLHttpRequest();
    request.open("POST", `/api/v1/uploads?${params}`);
    request.setRequestHeader("Content-Type", /\.gz$/i.test(file.name) ? "application/gzip" : "text/csv");
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    request.onload = () => {
      const body = JSON.parse(request.responseText || "null") as { upload?: UploadView; error?: { message: string; code: string } } | null;
      if (request.status === 202 && body?.upload) resolve(body.upload);
      else reject(new ApiError(body?.error?.message ?? `Upload failed (${request.status}).`, request.status, body?.error?.code ?? "internal"));
    };
    request.onerror = () => reject(new ApiError("The upload was interrupted. Check the connection and try again.", 0, "network"));
    request.send(file);
  });
}

export async function deleteUploadRequest(org: string, id: string) {
  return api<{ deleted: true; removed: { records: number } }>(`/api/v1/uploads/${id}?org=${encodeURIComponent(org)}`, { method: "DELETE" });
}

export async function saveMappingRequest(org: string, body: unknown) {
  return api<{ mapping: { id: string; name: string } }>(`/api/v1/column-mappings?org=${encodeURIComponent(org)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
