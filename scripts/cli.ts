// npm run cli -- <command> [options]: administration for admins and scripts. Logs go to stderr; stdout carries
// only a command's result (token:create prints just the token), so output can be captured.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { prepareDatabase } from "../lib/database/prepare.ts";
import { resolveAppDatabase, resolveAuthSecret, resolveEncryptionKey } from "./lib/database.ts";

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  org:create --name <name> --slug <slug> --admin-email <email> --admin-password <password>
             [--admin-name <name>] [--time-zone <IANA zone>] [--currency <ISO 4217>]
  token:create --org <slug> --scopes <comma list | all> [--name <name>] [--user <email>] [--expires-in-days <n>]
             prints only the token; it acts for --user (default: the organization's first admin)
  ingest <file> --org <slug> [--mode strict|skip-invalid] [--mapping <saved mapping>]
             import a billing export (.csv or .csv.gz) through the upload pipeline, with progress
  sync:run --run <job run id>
             run a queued provider sync in the foreground (what the job workers do), printing its progress
  secrets:rotate --new-key <base64|hex>
             re-encrypt every stored secret from TOKENLEDGER_ENCRYPTION_KEY to the new key in one transaction,
             printing counts; then run the app with the new key (docs/secrets.md)
  migrate    apply pending database migrations
  seed:demo  create or refresh the demo organization (Acme Corp)

The database is DATABASE_URL, or the embedded one under .data/ when it is unset.`;

const COMMANDS: Record<string, ParseArgsConfig["options"]> = {
  "org:create": {
    name: { type: "string" },
    slug: { type: "string" },
    "admin-email": { type: "string" },
    "admin-password": { type: "string" },
    "admin-name": { type: "string" },
    "time-zone": { type: "string" },
    currency: { type: "string" },
  },
  "token:create": {
    org: { type: "string" },
    scopes: { type: "string" },
    name: { type: "string" },
    user: { type: "string" },
    "expires-in-days": { type: "string" },
  },
  ingest: {
    org: { type: "string" },
    mode: { type: "string" },
    mapping: { type: "string" },
  },
  "sync:run": { run: { type: "string" } },
  "secrets:rotate": { "new-key": { type: "string" } },
  migrate: {},
  "seed:demo": {},
};

const REQUIRED: Record<string, string[]> = {
  "org:create": ["name", "slug", "admin-email", "admin-password"],
  "token:create": ["org", "scopes"],
  ingest: ["org"],
  "sync:run": ["run"],
  "secrets:rotate": ["new-key"],
};

function fail(message: string, code = 2): never {
  console.error(`error: ${message}`);
  process.exit(code);
}

/** Bad arguments found once the database is open: reported like fail(), after the database is stopped. */
class UsageError extends Error {}
function refuse(message: string): never {
  throw new UsageError(message);
}

const [command, ...rest] = process.argv.slice(2);
if (!command || command === "help" || command === "--help" || command === "-h") {
  console.error(USAGE);
  process.exit(command ? 0 : 2);
}
const options = COMMANDS[command];
if (!options) fail(`unknown command "${command}".\n\n${USAGE}`);

let values: Record<string, string | boolean | undefined>;
let positionals: string[] = [];
try {
  ({ values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: command === "ingest" }) as {
    values: Record<string, string | undefined>;
    positionals: string[];
  });
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`);
}
const missing = (REQUIRED[command] ?? []).filter((name) => !values[name]);
if (missing.length) fail(`${command} needs ${missing.map((name) => `--${name}`).join(", ")}.\n\n${USAGE}`);
const arg = (name: string) => values[name] as string | undefined;
if (command === "ingest") {
  if (positionals.length !== 1) fail(`ingest takes one file.\n\n${USAGE}`);
  if (!existsSync(positionals[0]!)) fail(`no file at ${positionals[0]}.`);
  if (arg("mode") && !["strict", "skip-invalid"].includes(arg("mode")!)) fail(`--mode is strict or skip-invalid.`);
}

const log = (line: string) => console.error(line);
const database = await resolveAppDatabase();
process.env.DATABASE_URL = database.url;
process.env.AUTH_SECRET ??= await resolveAuthSecret();
process.env.TOKENLEDGER_ENCRYPTION_KEY ??= await resolveEncryptionKey();
// As the app on the embedded database (scripts/lib/launch.ts): a single-host run, whose receivers may be local.
if (database.embedded) process.env.TOKENLEDGER_ALLOW_PRIVATE_NETWORK ??= "true";
// The app's info logs would mix into stdout, which carries only results here.
process.env.LOG_LEVEL ??= "warn";
let exitCode = 0;
try {
  await prepareDatabase(database.url, log);
  const { db } = await import("../lib/db.ts");
  const { isAppError, fieldErrorsFrom } = await import("../lib/errors.ts");
  try {
    switch (command) {
      case "migrate":
        log("database is up to date");
        break;
      case "seed:demo": {
        const { seedDemo } = await import("../lib/demo/seed-demo.ts");
        await seedDemo(log, { usage: true });
        break;
      }
      case "org:create": {
        const { unsafeCreateOrganization } = await import("../lib/orgs/create-organization.ts");
        const { EmailSchema, PasswordSchema } = await import("../lib/auth/schemas.ts");
        const email = EmailSchema.safeParse(arg("admin-email"));
        if (!email.success) refuse(`--admin-email: ${email.error.issues[0]?.message}`);
        const password = PasswordSchema.safeParse(arg("admin-password"));
        if (!password.success) refuse(`--admin-password: ${password.error.issues[0]?.message}`);
        const existing = await db.user.findUnique({ where: { email: email.data } });
        const { organization } = await unsafeCreateOrganization(
          { name: arg("name")!, slug: arg("slug")!, timeZone: arg("time-zone"), currency: arg("currency") },
          existing ? { userId: existing.id } : { email: email.data, name: arg("admin-name") ?? null, password: password.data },
        );
        log(`created organization "${organization.name}" (/${organization.slug}) with admin ${email.data}${existing ? " (existing account)" : ""}`);
        console.log(organization.id);
        break;
      }
      case "ingest": {
        const { unsafeImportFile } = await import("../lib/uploads/import-file.ts");
        const org = await db.organization.findUnique({ where: { slug: arg("org")! } });
        if (!org) refuse(`no organization with slug "${arg("org")}".`);
        const started = Date.now();
        const tty = process.stderr.isTTY;
        let lastLine = 0;
        const { result, uploadId } = await unsafeImportFile({
          orgId: org.id,
          filePath: positionals[0]!,
          mode: (arg("mode") as "strict" | "skip-invalid" | undefined) ?? "strict",
          mapping: arg("mapping") ?? null,
          onProgress: (progress, size) => {
            const now = Date.now();
            if (!tty && now - lastLine < 5000) return;
            lastLine = now;
            const share = size ? Math.min(progress.bytesRead / size, 1) : 0;
            const width = 30;
            const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
            const seconds = (now - started) / 1000;
            const left = share > 0.01 ? Math.round((seconds / share) * (1 - share)) : null;
            const line = `${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${progress.rowsRead.toLocaleString("en-US")} rows read, ${progress.rowsImported.toLocaleString("en-US")} imported${left === null ? "" : `, ~${left}s left`}`;
            process.stderr.write(tty ? `\r${line}` : `${line}\n`);
          },
        });
        if (tty) process.stderr.write("\n");
        if (!result) refuse("the import did not run; see the log.");
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (result.status === "failed") {
          console.error(`error: ${result.message}`);
          for (const issue of result.errors.slice(0, 20)) {
            console.error(`  row ${issue.rowNumber ?? "?"}${issue.column ? `, ${issue.column}` : ""}${issue.value !== null ? ` "${issue.value}"` : ""}: ${issue.reason}`);
          }
          if (result.errorCount > 20) console.error(`  … and ${result.errorCount - 20} more (npm run cli cannot show them all; see the upload in the app)`);
          exitCode = 1;
          break;
        }
        const totals = Object.entries(result.totals).map(([currency, total]) => `${total.billed} ${currency}`).join(", ") || "no cost";
        log(`imported ${result.rowsImported.toLocaleString("en-US")} of ${result.rowsRead.toLocaleString("en-US")} rows as ${result.formatLabel} in ${seconds}s (${result.rowsSkipped} skipped, ${result.rowsNotAi} not AI usage); billed ${totals}`);
        console.log(uploadId);
        break;
      }
      case "sync:run": {
        const { runSync } = await import("../lib/connections/sync.ts");
        const { pool } = await import("../lib/pg.ts");
        const id = arg("run")!;
        const before = await db.jobRun.findUnique({ where: { id } });
        if (!before) refuse(`no sync run ${id}.`);
        if (before.status !== "queued") refuse(`run ${id} is ${before.status}, not queued.`);
        const progress = setInterval(() => {
          void db.jobRun.findUnique({ where: { id } }).then((run) => run && log(`window ${run.windowsDone} of ${run.windowsTotal}, ${run.records} records`));
        }, 2000);
        await runSync(id, { pool });
        clearInterval(progress);
        const run = await db.jobRun.findUniqueOrThrow({ where: { id } });
        if (run.status !== "completed") {
          console.error(`error: the sync ${run.status}: ${run.error}`);
          exitCode = 1;
        } else log(`synced ${run.windowsDone} windows, ${run.records} records, ${run.requests} requests (${run.retries} retried)`);
        await pool.end();
        break;
      }
      case "secrets:rotate": {
        const { parseEncryptionKey } = await import("../lib/crypto/secrets.ts");
        const { RotationError, rotateEncryptionKey } = await import("../lib/crypto/rotate.ts");
        const { DATA_ROOT } = await import("../lib/database/embedded.ts");
        const { pool } = await import("../lib/pg.ts");
        let newKey: Buffer;
        try {
          newKey = parseEncryptionKey(arg("new-key")!);
        } catch (error) {
          refuse(`--new-key: ${(error as Error).message}`);
        }
        const currentText = process.env.TOKENLEDGER_ENCRYPTION_KEY!;
        try {
          const result = await rotateEncryptionKey(pool, { currentKey: parseEncryptionKey(currentText), newKey });
          for (const { table, column, reencrypted, alreadyRotated } of result.columns) {
            console.log(`${table}.${column}: ${reencrypted} re-encrypted, ${alreadyRotated} already under the new key`);
          }
          // A local run whose key came from .data/ (the launchers generate one there): that file is the setting.
          const keyFile = path.join(DATA_ROOT, "encryption-key");
          if (existsSync(keyFile) && readFileSync(keyFile, "utf8").trim() === currentText.trim()) {
            writeFileSync(keyFile, arg("new-key")!.trim(), { mode: 0o600 });
            log(`key ${result.fromKeyId} → ${result.toKeyId}; ${keyFile} now holds the new key: restart the app and workers.`);
          } else {
            log(`key ${result.fromKeyId} → ${result.toKeyId}; now set TOKENLEDGER_ENCRYPTION_KEY to the new key wherever the app and workers run, and restart them.`);
          }
        } catch (error) {
          if (!(error instanceof RotationError)) throw error;
          console.error(`error: ${error.message}`);
          exitCode = 1;
        } finally {
          await pool.end();
        }
        break;
      }
      case "token:create": {
        const { unsafeCreateApiToken } = await import("../lib/tokens/create-api-token.ts");
        const org = await db.organization.findUnique({ where: { slug: arg("org")! } });
        if (!org) refuse(`no organization with slug "${arg("org")}".`);
        const membership = arg("user")
          ? await db.membership.findFirst({ where: { orgId: org.id, user: { email: arg("user")!.toLowerCase() } } })
          : await db.membership.findFirst({ where: { orgId: org.id, role: "ADMIN" }, orderBy: { createdAt: "asc" } });
        if (!membership) refuse(arg("user") ? `${arg("user")} is not a member of ${org.slug}.` : `${org.slug} has no admin.`);
        const expires = arg("expires-in-days");
        const { secret } = await unsafeCreateApiToken(
          { orgId: org.id, userId: membership.userId, actorUserId: null, actorTokenId: null },
          {
            name: arg("name") ?? `CLI token ${new Date().toISOString().slice(0, 10)}`,
            scopes: arg("scopes")!.split(",").map((scope) => scope.trim()).filter(Boolean),
            expiresInDays: expires === undefined ? null : expires,
          },
        );
        console.log(secret);
        break;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      exitCode = 2;
    } else if (isAppError(error)) {
      const fields = Object.entries(fieldErrorsFrom(error) ?? {}).map(([field, messages]) => `  ${field || "input"}: ${messages.join("; ")}`);
      console.error(`error: ${error.message}${fields.length ? `\n${fields.join("\n")}` : ""}`);
      exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    await db.$disconnect();
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await database.stop();
}
process.exit(exitCode);
