import { describe, expect, it } from "vitest";
import { describeConditions } from "@/lib/attribution/describe-conditions";

describe("describeConditions", () => {
  it("reads a rule's conditions as a sentence joined with and", () => {
    expect(
      describeConditions([
        { field: "provider", operator: "exact", value: "openai" },
        { field: "model", operator: "prefix", value: "gpt-4" },
      ]),
    ).toBe('Provider is "openai" and Model starts with "gpt-4"');
  });

  it("names the tag key, and shows a regular expression between slashes", () => {
    expect(describeConditions([{ field: "tag", tagKey: "env", operator: "regex", value: "^prod" }])).toBe('Tag "env" matches regex /^prod/');
    expect(describeConditions([{ field: "apiKey", operator: "exact", value: "key_1", tagKey: null }])).toBe('API key id is "key_1"');
  });

  it("says so when there is nothing to match", () => {
    expect(describeConditions([])).toBe("No conditions");
  });
});
