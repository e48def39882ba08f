import path from "node:path";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { DEMO_ACCOUNTS, DEMO_ORG, DEMO_PASSWORD } from "@/lib/demo/accounts";
import { seedDemoUsage } from "@/lib/demo/seed-usage";
import { env } from "@/lib/env";

// The demo organization, Acme Corp. Idempotent: every run converges on the same organization, people, teams and
// workflows, and leaves alone whatever else someone added. Later features extend it (usage, budgets, alerts).

type DemoTeam = { name: string; costCenter: string; description: string; parent?: string };

export const DEMO_TEAMS: DemoTeam[] = [
  { name: "Engineering", costCenter: "CC-1000", description: "Product engineering." },
  { name: "Platform", costCenter: "CC-1100", description: "The LLM gateway, evals and internal tooling.", parent: "Engineering" },
  { name: "Search & Discovery", costCenter: "CC-1200", description: "Search, embeddings and ranking.", parent: "Engineering" },
  { name: "Customer Support", costCenter: "CC-2000", description: "Support operations and the support copilot." },
  { name: "Support Tier 1", costCenter: "CC-2100", description: "First-line support.", parent: "Customer Support" },
  { name: "Legal", costCenter: "CC-3000", description: "Contracts and compliance." },
  { name: "Marketing", costCenter: "CC-4000", description: "Campaigns, content and SEO." },
  { name: "Data Science", costCenter: "CC-5000", description: "Analytics and forecasting." },
];

/** The manager's two teams (Customer Support includes Support Tier 1 below it). */
export const DEMO_MANAGED_TEAMS = ["Customer Support", "Marketing"];

export const DEMO_WORKFLOWS: { name: string; team: string | null; description: string; interactive?: boolean }[] = [
  { name: "Support copilot", team: "Customer Support", description: "Suggests answers to agents inside the helpdesk." },
  { name: "Ticket triage", team: "Customer Support", description: "Classifies and routes incoming tickets." },
  { name: "Reply drafting", team: "Support Tier 1", description: "Drafts first replies for common questions." },
  { name: "Knowledge base QA", team: "Support Tier 1", description: "Answers questions from the help center." },
  { name: "Contract review", team: "Legal", description: "Flags risky clauses in inbound contracts." },
  { name: "Clause extraction", team: "Legal", description: "Extracts parties, dates and obligations." },
  { name: "Campaign copy generator", team: "Marketing", description: "Drafts ad and email copy variants." },
  { name: "SEO brief writer", team: "Marketing", description: "Writes content briefs from keyword research." },
  { name: "Social listening", team: "Marketing", description: "Summarizes brand mentions." },
  { name: "Code review assistant", team: "Engineering", description: "Reviews pull requests." },
  { name: "Meeting notes summarizer", team: "Engineering", description: "Summarizes engineering meetings." },
  { name: "LLM gateway evals", team: "Platform", description: "Nightly model evaluations." },
  { name: "Internal docs chatbot", team: "Platform", description: "Answers questions about internal docs." },
  { name: "Semantic search embeddings", team: "Search & Discovery", description: "Embeds the product catalog." },
  { name: "Query rewriting", team: "Search & Discovery", description: "Rewrites search queries for recall." },
  { name: "Churn insight summaries", team: "Data Science", description: "Explains churn drivers weekly (a nightly job).", interactive: false },
  { name: "Sales call summaries", team: "Data Science", description: "Summarizes recorded sales calls." },
  { name: "Document classification", team: "Data Science", description: "Labels uploaded documents." },
  { name: "Forecast commentary", team: "Data Science", description: "Writes the narrative for the monthly forecast." },
  { name: "Sales email assistant", team: null, description: "Drafts outbound sales emails (owner to be decided)." },
];

export async function seedDemo(log: (line: string) => void = () => {}, options: { usage?: boolean; now?: Date } = {}) {
  const org = await db.organization.upsert({
    where: { slug: DEMO_ORG.slug },
    create: { ...DEMO_ORG },
    update: {},
  });

  const users: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.user.findUnique({ where: { email: account.email } });
    const user =
      existing ??
      (await db.user.create({
        data: { email: account.email, name: account.name, passwordHash: await hashPassword(DEMO_PASSWORD), emailVerified: new Date() },
      }));
    users[account.role] = user.id;
    await db.membership.upsert({
      where: { orgId_userId: { orgId: org.id, userId: user.id } },
      create: { orgId: org.id, userId: user.id, role: account.role },
      update: { role: account.role },
    });
  }

  const teamIds = new Map<string, string>();
  for (const team of DEMO_TEAMS) {
    const parentId = team.parent ? teamIds.get(team.parent) ?? null : null;
    const row = await db.team.upsert({
      where: { orgId_name: { orgId: org.id, name: team.name } },
      create: { orgId: org.id, name: team.name, costCenter: team.costCenter, description: team.description, parentId },
      update: { parentId, costCenter: team.costCenter },
    });
    teamIds.set(team.name, row.id);
  }
  for (const name of DEMO_MANAGED_TEAMS) {
    const teamId = teamIds.get(name)!;
    await db.teamManager.upsert({
      where: { teamId_userId: { teamId, userId: users.MANAGER! } },
      create: { orgId: org.id, teamId, userId: users.MANAGER! },
      update: {},
    });
  }
  for (const workflow of DEMO_WORKFLOWS) {
    const teamId = workflow.team ? teamIds.get(workflow.team)! : null;
    await db.workflow.upsert({
      where: { orgId_name: { orgId: org.id, name: workflow.name } },
      create: { orgId: org.id, name: workflow.name, description: workflow.description, teamId, interactive: workflow.interactive ?? null },
      update: { teamId },
    });
  }
  log(`demo organization "${org.name}" (/${org.slug}): ${DEMO_ACCOUNTS.length} users, ${DEMO_TEAMS.length} teams, ${DEMO_WORKFLOWS.length} workflows`);
  await seedDemoAttribution(org.id, teamIds, users.ADMIN ?? null, log);
  if (options.usage) {
    const usage = await seedDemoUsage({
      orgId: org.id,
      uploadedById: users.ADMIN ?? null,
      directory: path.resolve(env.TOKENLEDGER_DATA_DIR, "demo-exports"),
      now: options.now,
      log,
    });
    log(`demo usage: ${usage.files} export files, ${usage.imported} imported, ${usage.skipped} already imported`);
    const { seedDemoOutcomes } = await import("@/lib/demo/seed-outcomes");
    log(`demo outcomes: ${await seedDemoOutcomes(org.id, options.now)} workflow days`);
    // Budgets are sized from the spend, so they come after it. Loaded on use: they read the ledger through the
    // app's server modules (launchers run with scripts/lib/allow-server-only.mjs).
    const { seedDemoBudgets } = await import("@/lib/demo/seed-budgets");
    await seedDemoBudgets(org.id, teamIds, users.MANAGER ?? null, log);
    const { computeRecommendations } = await import("@/lib/recommendations/recommendations");
    log(`demo recommendations: ${await computeRecommendations(org.id)} open`);
  }
  return { orgId: org.id, userIds: users, teamIds: Object.fromEntries(teamIds) };
}

/**
 * Rules that attribute the demo's provider projects to teams and workflows, and a split of the Platform team's
 * spend, the first time only (an organization that has rules or splits keeps its own). Created before the usage is
 * imported, so the rules apply at ingest. Azure's subscription is left without a rule: the demo shows unattributed
 * spend too.
 */
async function seedDemoAttribution(orgId: string, teamIds: Map<string, string>, adminId: string | null, log: (line: string) => void) {
  const workflows = new Map((await db.workflow.findMany({ where: { orgId }, select: { id: true, name: true } })).map((workflow) => [workflow.name, workflow.id]));
  if ((await db.attributionRule.count({ where: { orgId } })) === 0) {
    const rules: { provider: string; project: string; team: string; workflow: string }[] = [
      { provider: "openai", project: "proj_support_copilot", team: "Customer Support", workflow: "Support copilot" },
      { provider: "openai", project: "proj_ticket_triage", team: "Customer Support", workflow: "Ticket triage" },
      { provider: "openai", project: "proj_marketing", team: "Marketing", workflow: "Campaign copy generator" },
      { provider: "openai", project: "proj_social", team: "Marketing", workflow: "Social listening" },
      { provider: "openai", project: "proj_datasci", team: "Data Science", workflow: "Churn insight summaries" },
      { provider: "anthropic", project: "Engineering", team: "Engineering", workflow: "Code review assistant" },
      { provider: "anthropic", project: "Legal", team: "Legal", workflow: "Contract review" },
      { provider: "anthropic", project: "Support", team: "Support Tier 1", workflow: "Knowledge base QA" },
      { provider: "aws-bedrock", project: "444455556666", team: "Platform", workflow: "Internal docs chatbot" },
      { provider: "aws-bedrock", project: "777788889999", team: "Search & Discovery", workflow: "Query rewriting" },
    ];
    await db.attributionRule.createMany({
      data: rules.map((rule, position) => ({
        orgId,
        position,
        name: `${rule.project} → ${rule.team}`,
        conditions: [
          { field: "provider", operator: "exact", value: rule.provider },
          { field: "project", operator: "exact", value: rule.project },
        ],
        teamId: teamIds.get(rule.team) ?? null,
        workflowId: workflows.get(rule.workflow) ?? null,
        createdById: adminId,
      })),
    });
    log(`demo attribution: ${rules.length} rules`);
  }
  if ((await db.spendSplit.count({ where: { orgId } })) === 0) {
    const targets = ["Customer Support", "Marketing", "Engineering", "Legal", "Search & Discovery", "Data Science"];
    await db.spendSplit.create({
      data: {
        orgId,
        name: "Platform shared services",
        sourceTeamId: teamIds.get("Platform") ?? null,
        method: "proportional",
        targets: targets.map((team) => ({ teamId: teamIds.get(team)!, percent: null })),
        createdById: adminId,
      },
    });
  }
}
