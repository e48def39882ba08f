// npm run bench:bundle [-- route]: first-load JavaScript of an app route in the production build (default the
// overview, app/(app)/[org]/page), gzip -9: the runtime and framework chunks, the root and organization layouts'
// client chunks and the page's own, as the browser fetches them on a first visit. Chunks loaded after hydration
// through next/dynamic (the charts) are listed apart. Run `npm run build` first.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT = path.join(ROOT, ".next");
const route = process.argv[2] ?? "(app)/[org]/page";
const server = path.join(NEXT, "server/app", route);
if (!existsSync(`${server}_client-reference-manifest.js`)) {
  console.error(`error: no build of ${route}: run npm run build first.`);
  process.exit(2);
}
const manifest = readFileSync(`${server}_client-reference-manifest.js`, "utf8");
const entries = JSON.parse(/"entryJSFiles":(\{.*?\})\s*[,}]/s.exec(manifest)![1]!) as Record<string, string[]>;
const build = JSON.parse(readFileSync(path.join(server, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
// The route's segments: the root layout, every layout on the way, the page.
const segments = Object.keys(entries).filter((key) => {
  const name = key.replace("[project]/app/", "");
  if (name === route) return true;
  return name.endsWith("/layout") || name === "layout" ? route.startsWith(name.replace(/\/?layout$/, "")) : false;
});
const files = new Set([...build.rootMainFiles, ...segments.flatMap((segment) => entries[segment] ?? [])]);
const gz = (file: string) => gzipSync(readFileSync(path.join(NEXT, file)), { level: 9 }).length;
const total = [...files].reduce((sum, file) => sum + gz(file), 0);
const lazy = readdirSync(path.join(NEXT, "static/chunks"))
  .filter((file) => file.endsWith(".js") && /recharts-(bar|wrapper)/.test(readFileSync(path.join(NEXT, "static/chunks", file), "utf8")))
  .map((file) => `static/chunks/${file}`)
  .filter((file) => !files.has(file));
const lazyTotal = lazy.reduce((sum, file) => sum + gz(file), 0);
console.log(`${route}: first-load JavaScript ${(total / 1024).toFixed(1)} kB gzip in ${files.size} chunks (${segments.map((segment) => segment.replace("[project]/", "")).join(", ")})`);
console.log(`  loaded after hydration (charts, next/dynamic): ${(lazyTotal / 1024).toFixed(1)} kB gzip; both: ${((total + lazyTotal) / 1024).toFixed(1)} kB`);

