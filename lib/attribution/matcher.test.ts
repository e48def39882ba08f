import { describe, expect, it } from "vitest";
import { createMatcher, type Dimensions, type RuleDefinition } from "@/lib/attribution/matcher";

const dims = (fields: Partial<Dimensions> = {}): Dimensions => ({
  provider: "openai",
  project: "proj_Support_1",
  apiKey: "key_platform_7",
  providerUser: "user-42",
  model: "gpt-4o",
  modelRaw: "gpt-4o-2024-08-06",
  tags: { team: "growth", env: "prod" },
  ...fields,
});

const rule = (id: string, conditions: RuleDefinition["conditions"], target: { teamId?: string; workflowId?: string }): RuleDefinition => ({
  id,
  conditions,
  teamId: target.teamId ?? null,
  workflowId: target.workflowId ?? null,
});

describe("attribution rules", () => {
  it.each([
    ["exact, ignoring case", { field: "project", operator: "exact", value: "PROJ_support_1" }, true],
    ["exact does not match a prefix", { field: "project", operator: "exact", value: "proj_support" }, false],
    ["prefix", { field: "apiKey", operator: "prefix", value: "key_platform" }, true],
    ["regex", { field: "providerUser", operator: "regex", value: "^user-\\d+$" }, true],
    ["regex is case-sensitive as written", { field: "project", operator: "regex", value: "^proj_support" }, false],
    ["model by its normalized id", { field: "model", operator: "exact", value: "gpt-4o" }, true],
    ["model as the source spelled it", { field: "model", operator: "exact", value: "gpt-4o-2024-08-06" }, true],
    ["provider", { field: "provider", operator: "exact", value: "openai" }, true],
    ["a tag's value", { field: "tag", operator: "exact", value: "growth", tagKey: "team" }, true],
    ["a tag the record does not have", { field: "tag", operator: "exact", value: "growth", tagKey: "owner" }, false],
  ] as const)("matches %s", (_name, condition, expected) => {
    const match = createMatcher([rule("r1", [condition], { teamId: "t1" })]);
    expect(match(dims()).teamId).toBe(expected ? "t1" : null);
  });

  it("never matches a missing dimension", () => {
    const match = createMatcher([rule("r1", [{ field: "project", operator: "regex", value: ".*" }], { teamId: "t1" })]);
    expect(match(dims({ project: null })).teamId).toBeNull();
  });

  it("needs every condition of a rule", () => {
    const match = createMatcher([
      rule("r1", [
        { field: "provider", operator: "exact", value: "openai" },
        { field: "tag", operator: "exact", value: "staging", tagKey: "env" },
      ], { teamId: "t1" }),
    ]);
    expect(match(dims()).teamId).toBeNull();
    expect(match(dims({ tags: { env: "staging" } })).teamId).toBe("t1");
  });

  it("takes the first matching rule, for team and workflow each", () => {
    const match = createMatcher([
      rule("platform-workflow", [{ field: "apiKey", operator: "prefix", value: "key_platform" }], { workflowId: "w-platform" }),
      rule("support", [{ field: "project", operator: "prefix", value: "proj_support" }], { teamId: "t-support", workflowId: "w-support" }),
      rule("everything", [{ field: "provider", operator: "regex", value: "." }], { teamId: "t-catch-all" }),
    ]);
    expect(match(dims())).toEqual({ teamId: "t-support", workflowId: "w-platform", teamRuleId: "support", workflowRuleId: "platform-workflow" });
    expect(match(dims({ project: "proj_other", apiKey: "key_x" }))).toEqual({ teamId: "t-catch-all", workflowId: null, teamRuleId: "everything", workflowRuleId: null });
  });

  it("ignores rules without conditions or without a target", () => {
    const match = createMatcher([rule("empty", [], { teamId: "t1" }), rule("no-target", [{ field: "provider", operator: "exact", value: "openai" }], {})]);
    expect(match(dims())).toEqual({ teamId: null, workflowId: null, teamRuleId: null, workflowRuleId: null });
  });
});
