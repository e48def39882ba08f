import { hashPassword } from "../../lib/auth/password.ts";
import { db } from "../../lib/db.ts";
import { unsafeCreateOrganization } from "../../lib/orgs/create-organization.ts";
import type { WorkflowRef } from "./build-usage-shape.ts";

// The benchmark organization, Benchmark Corp (/bench): an admin, a finance user and a manager, 30 teams in a tree
// with cost centers, 80 workflows owned by teams. Converges like the demo seed: a rerun creates what is missing and
// leaves the rest alone. Needs DATABASE_URL and AUTH_SECRET set before it is imported (lib/db reads lib/env).

export const BENCH_ORG = { name: "Benchmark Corp", slug: "bench", timeZone: "UTC", currency: "USD" } as const;
export const BENCH_PASSWORD = "bench password 1";
export const BENCH_ADMIN = { email: "bench-admin@example.test", name: "Bench Admin" } as const;
export const BENCH_PEOPLE = [
  { email: "bench-finance@example.test", name: "Bench Finance", role: "FINANCE" },
  { email: "bench-manager@example.test", name: "Bench Manager", role: "MANAGER" },
] as const;

type BenchTeam = { name: string; costCenter: string; parent?: string };

/** Parents before children. */
export const BENCH_TEAMS: BenchTeam[] = [
  { name: "Engineering", costCenter: "CC-1000" },
  { name: "Customer Support", costCenter: "CC-2000" },
  { name: "Sales", costCenter: "CC-3000" },
  { name: "Marketing", costCenter: "CC-4000" },
  { name: "Data Science", costCenter: "CC-5000" },
  { name: "Legal", costCenter: "CC-6000" },
  { name: "Finance", costCenter: "CC-7000" },
  { name: "Product", costCenter: "CC-8000" },
  { name: "Platform", costCenter: "CC-1100", parent: "Engineering" },
  { name: "LLM Gateway", costCenter: "CC-1110", parent: "Platform" },
  { name: "Evaluation", costCenter: "CC-1120", parent: "Platform" },
  { name: "Search & Discovery", costCenter: "CC-1200", parent: "Engineering" },
  { name: "Developer Productivity", costCenter: "CC-1300", parent: "Engineering" },
  { name: "Mobile", costCenter: "CC-1400", parent: "Engineering" },
  { name: "Payments", costCenter: "CC-1500", parent: "Engineering" },
  { name: "Security", costCenter: "CC-1600", parent: "Engineering" },
  { name: "Support Tier 1", costCenter: "CC-2100", parent: "Customer Support" },
  { name: "Support Tier 2", costCenter: "CC-2200", parent: "Customer Support" },
  { name: "Support Operations", costCenter: "CC-2300", parent: "Customer Support" },
  { name: "Sales Engineering", costCenter: "CC-3100", parent: "Sales" },
  { name: "Sales Operations", costCenter: "CC-3200", parent: "Sales" },
  { name: "Content", costCenter: "CC-4100", parent: "Marketing" },
  { name: "Growth", costCenter: "CC-4200", parent: "Marketing" },
  { name: "Forecasting", costCenter: "CC-5100", parent: "Data Science" },
  { name: "Experimentation", costCenter: "CC-5200", parent: "Data Science" },
  { name: "ML Research", costCenter: "CC-5300", parent: "Data Science" },
  { name: "Compliance", costCenter: "CC-6100", parent: "Legal" },
  { name: "Procurement", costCenter: "CC-7100", parent: "Finance" },
  { name: "Design", costCenter: "CC-8100", parent: "Product" },
  { name: "Product Analytics", costCenter: "CC-8200", parent: "Product" },
];

/** The manager's teams: Customer Support and Marketing with the teams below them (3 and 2), and Sales Engineering. */
export const BENCH_MANAGED_TEAMS = ["Customer Support", "Marketing", "Sales Engineering"];

const WORKFLOWS_BY_TEAM: Record<string, string[]> = {
  Engineering: ["Code review assistant", "Meeting notes summarizer", "Incident postmortem drafts"],
  Platform: ["Internal docs chatbot", "Prompt library", "Model routing", "Agent sandbox"],
  "LLM Gateway": ["Gateway fallback traffic", "Gateway cache warmer", "Gateway guardrails"],
  Evaluation: ["Nightly model evals", "Regression evals", "Red-team evals"],
  "Search & Discovery": ["Semantic search embeddings", "Query rewriting", "Result reranking", "Catalog enrichment"],
  "Developer Productivity": ["IDE code completion", "Test generation", "Commit message writer", "Code migration agent"],
  Mobile: ["In-app assistant", "App review replies"],
  Payments: ["Dispute letter drafting", "Fraud case summaries"],
  Security: ["Alert triage", "Phishing report analysis", "Log anomaly explanations"],
  "Customer Support": ["Support copilot", "Ticket triage", "Sentiment tagging", "Voice call summaries"],
  "Support Tier 1": ["Reply drafting", "Knowledge base QA", "Macro suggestions", "Chat deflection bot"],
  "Support Tier 2": ["Escalation summaries", "Bug report extraction"],
  "Support Operations": ["QA scoring", "Help center translation"],
  Sales: ["Sales email assistant", "Account research"],
  "Sales Engineering": ["RFP answering", "Demo script generator", "Security questionnaire answers"],
  "Sales Operations": ["CRM note cleanup", "Lead scoring explanations"],
  Marketing: ["Campaign copy generator", "Social listening"],
  Content: ["SEO brief writer", "Blog draft assistant", "Localization"],
  Growth: ["Ad variant generation", "Landing page experiments", "Email subject lines"],
  "Data Science": ["Churn insight summaries", "Sales call summaries", "Document classification"],
  Forecasting: ["Forecast commentary", "Demand signal extraction"],
  Experimentation: ["Experiment readouts", "Survey coding"],
  "ML Research": ["Synthetic data generation", "Fine-tune data labeling", "Distillation runs"],
  Legal: ["Contract review", "Clause extraction"],
  Compliance: ["Policy Q&A", "Regulatory change monitoring"],
  Finance: ["Invoice extraction", "Expense policy checks"],
  Procurement: ["Vendor contract summaries", "Supplier risk screening"],
  Product: ["Feedback clustering", "Release notes writer"],
  Design: ["UX copy suggestions", "Image alt text"],
  "Product Analytics": ["SQL assistant", "Dashboard narratives", "Metric definitions bot"],
};

export const BENCH_WORKFLOWS = Object.entries(WORKFLOWS_BY_TEAM).flatMap(([team, names]) => names.map((name) => ({ name, team })));

export type BenchOrganization = {
  orgId: string;
  created: boolean;
  adminUserId: string;
  teamIds: Map<string, string>;
  workflows: WorkflowRef[];
};

export async function seedBenchOrganization(contract: { provider: string; discountPercent: string; from: string }): Promise<BenchOrganization> {
  let org = await db.organization.findUnique({ where: { slug: BENCH_ORG.slug } });
  const created = !org;
  let adminUserId: string;
  if (!org) {
    const existing = await db.user.findUnique({ where: { email: BENCH_ADMIN.email } });
    // The same path as `npm run cli -- org:create`: the organization, its first admin, the audit entry.
    const result = await unsafeCreateOrganization(
      BENCH_ORG,
      existing ? { userId: existing.id } : { email: BENCH_ADMIN.email, name: BENCH_ADMIN.name, password: BENCH_PASSWORD },
    );
    org = result.organization;
    adminUserId = result.userId;
  } else {
    const admin = await db.user.findUniqueOrThrow({ where: { email: BENCH_ADMIN.email } });
    adminUserId = admin.id;
    await db.membership.upsert({
      where: { orgId_userId: { orgId: org.id, userId: admin.id } },
      create: { orgId: org.id, userId: admin.id, role: "ADMIN" },
      update: { role: "ADMIN" },
    });
  }
  const orgId = org.id;

  const userIds = new Map<string, string>();
  for (const person of BENCH_PEOPLE) {
    const user =
      (await db.user.findUnique({ where: { email: person.email } })) ??
      (await db.user.create({ data: { email: person.email, name: person.name, passwordHash: await hashPassword(BENCH_PASSWORD), emailVerified: new Date() } }));
    userIds.set(person.role, user.id);
    await db.membership.upsert({
      where: { orgId_userId: { orgId, userId: user.id } },
      create: { orgId, userId: user.id, role: person.role },
      update: { role: person.role },
    });
  }

  const teamIds = new Map<string, string>();
  for (const team of BENCH_TEAMS) {
    const parentId = team.parent ? teamIds.get(team.parent)! : null;
    const row = await db.team.upsert({
      where: { orgId_name: { orgId, name: team.name } },
      create: { orgId, name: team.name, costCenter: team.costCenter, parentId },
      update: { costCenter: team.costCenter, parentId },
    });
    teamIds.set(team.name, row.id);
  }
  const managerId = userIds.get("MANAGER")!;
  for (const name of BENCH_MANAGED_TEAMS) {
    const teamId = teamIds.get(name)!;
    await db.teamManager.upsert({ where: { teamId_userId: { teamId, userId: managerId } }, create: { orgId, teamId, userId: managerId }, update: {} });
  }

  const workflows: WorkflowRef[] = [];
  for (const workflow of BENCH_WORKFLOWS) {
    const teamId = teamIds.get(workflow.team)!;
    const row = await db.workflow.upsert({
      where: { orgId_name: { orgId, name: workflow.name } },
      create: { orgId, name: workflow.name, teamId },
      update: { teamId },
    });
    workflows.push({ id: row.id, name: row.name, teamId });
  }

  // The contract the ledger's estimates are priced at, so a re-rate of the benchmark data changes nothing.
  const note = "Anthropic enterprise agreement (benchmark)";
  const contractFrom = new Date(`${contract.from}T00:00:00Z`);
  const override = await db.priceOverride.findFirst({ where: { orgId, note } });
  if (!override) {
    await db.priceOverride.create({
      data: { orgId, provider: contract.provider, model: "", serviceTier: "", discountPercent: contract.discountPercent, validFrom: contractFrom, note },
    });
  } else if (override.validFrom.getTime() !== contractFrom.getTime()) {
    await db.priceOverride.update({ where: { id: override.id }, data: { validFrom: contractFrom, discountPercent: contract.discountPercent } });
  }

  return { orgId, created, adminUserId, teamIds, workflows };
}
