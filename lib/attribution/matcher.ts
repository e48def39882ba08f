// Attribution rules, evaluated: for each record (or group of records with the same provider dimensions), the team
// and the workflow of the first enabled rule, in order, whose conditions all match and that names one. Pure: the
// pipeline runs it on every record at ingest, and re-applying rules runs it on groups of history.

export const RULE_FIELDS = ["provider", "project", "apiKey", "providerUser", "model", "tag"] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export const RULE_FIELD_LABELS: Record<RuleField, string> = {
  provider: "Provider",
  project: "Project / workspace id",
  apiKey: "API key id",
  providerUser: "Provider user",
  model: "Model",
  tag: "Tag",
};
export const RULE_OPERATORS = ["exact", "prefix", "regex"] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
export const RULE_OPERATOR_LABELS: Record<RuleOperator, string> = { exact: "is", prefix: "starts with", regex: "matches regex" };

export type RuleCondition = { field: RuleField; operator: RuleOperator; value: string; tagKey?: string | null };
export type RuleDefinition = { id: string; conditions: readonly RuleCondition[]; teamId: string | null; workflowId: string | null };

/** The provider dimensions rules look at. */
export type Dimensions = {
  provider: string;
  project: string | null;
  apiKey: string | null;
  providerUser: string | null;
  model: string | null;
  modelRaw?: string | null;
  tags: Readonly<Record<string, string>> | null;
};

export type Attribution = { teamId: string | null; workflowId: string | null; teamRuleId: string | null; workflowRuleId: string | null };

const NONE: Attribution = { teamId: null, workflowId: null, teamRuleId: null, workflowRuleId: null };

type Test = (dimensions: Dimensions) => boolean;

/** exact and prefix ignore case (ids and names are typed by people); a regular expression means what it says. */
function compile(condition: RuleCondition): Test {
  let matches: (value: string) => boolean;
  if (condition.operator === "regex") {
    const pattern = new RegExp(condition.value);
    matches = (value) => pattern.test(value);
  } else {
    const wanted = condition.value.toLowerCase();
    matches = condition.operator === "exact" ? (value) => value.toLowerCase() === wanted : (value) => value.toLowerCase().startsWith(wanted);
  }
  switch (condition.field) {
    case "tag": {
      const key = condition.tagKey ?? "";
      return (dimensions) => {
        const value = dimensions.tags?.[key];
        return value !== undefined && value !== null && matches(String(value));
      };
    }
    case "model":
      // The normalized id or the spelling the source used ("claude-haiku-4-5" or "Claude Haiku 4.5").
      return (dimensions) => (dimensions.model !== null && matches(dimensions.model)) || (dimensions.modelRaw != null && matches(dimensions.modelRaw));
    default: {
      const field = condition.field;
      return (dimensions) => {
        const value = dimensions[field];
        return value !== null && value !== undefined && matches(value);
      };
    }
  }
}

export function createMatcher(rules: readonly RuleDefinition[]): (dimensions: Dimensions) => Attribution {
  const compiled = rules
    .filter((rule) => rule.conditions.length > 0 && (rule.teamId !== null || rule.workflowId !== null))
    .map((rule) => ({ rule, tests: rule.conditions.map(compile) }));
  if (compiled.length === 0) return () => NONE;
  return (dimensions) => {
    let result: Attribution | null = null;
    for (const { rule, tests } of compiled) {
      if (!tests.every((test) => test(dimensions))) continue;
      result ??= { ...NONE };
      if (result.teamId === null && rule.teamId !== null) {
        result.teamId = rule.teamId;
        result.teamRuleId = rule.id;
      }
      if (result.workflowId === null && rule.workflowId !== null) {
        result.workflowId = rule.workflowId;
        result.workflowRuleId = rule.id;
      }
      if (result.teamId !== null && result.workflowId !== null) break;
    }
    return result ?? NONE;
  };
}

/** Why a regular expression cannot be used, or null. */
export function regexProblem(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
