import "server-only";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { logger } from "@/lib/log";
import { deliverDue, queueDeliveries } from "@/lib/notifications/delivery";

// When alerts are evaluated: after every import, sync and pushed batch, after a budget changes, and on a schedule
// (lib/jobs/runtime.ts, every ten minutes, for organizations the triggers missed: a process that died mid-way).
// Within one process, evaluations of an organization run one at a time and requests arriving meanwhile fold into
// one more run after it; across processes the alerts' unique keys keep each alert single.

/**
 * Evaluates, queues the new alerts' deliveries and makes the first delivery attempts now. Returns the new alerts.
 * `now` (tests) is the moment the ledger is judged at; deliveries always run on the real clock.
 */
export async function evaluateAndDeliver(orgId: string, options: { now?: Date } = {}): Promise<string[]> {
  const created = await evaluateAlerts(orgId, options);
  if (created.length) await queueDeliveries(created);
  await deliverDue({ orgId });
  return created;
}

const timers = new Map<string, NodeJS.Timeout>();

/** For pushed usage (a gateway may push every few seconds): one evaluation per organization at most every `delayMs`. */
export function evaluateLater(orgId: string, delayMs = 30_000): void {
  if (timers.has(orgId)) return;
  const timer = setTimeout(() => {
    timers.delete(orgId);
    void evaluateSoon(orgId);
  }, delayMs);
  timer.unref();
  timers.set(orgId, timer);
}

const running = new Map<string, Promise<void>>();
const again = new Set<string>();

/** Runs an evaluation for the organization now, or once more after the one in progress; never throws. */
export function evaluateSoon(orgId: string): Promise<void> {
  const current = running.get(orgId);
  if (current) {
    again.add(orgId);
    return current;
  }
  const run = (async () => {
    do {
      again.delete(orgId);
      try {
        const created = await evaluateAndDeliver(orgId);
        if (created.length) logger.info({ orgId, alerts: created.length }, "alerts fired");
      } catch (error) {
        logger.error({ err: error, orgId }, "alert evaluation failed");
      }
    } while (again.has(orgId));
  })().finally(() => running.delete(orgId));
  running.set(orgId, run);
  return run;
}
