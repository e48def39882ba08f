import { describe, expect, it } from "vitest";
import { descendantTeamIds } from "@/lib/teams/descendant-team-ids";
import { teamTree } from "@/lib/teams/team-tree";

const teams = [
  { id: "eng", name: "Engineering", parentId: null },
  { id: "plat", name: "Platform", parentId: "eng" },
  { id: "search", name: "Search", parentId: "eng" },
  { id: "infra", name: "Infra", parentId: "plat" },
  { id: "legal", name: "Legal", parentId: null },
];

describe("descendantTeamIds", () => {
  it("includes the roots and every team below them", () => {
    expect(descendantTeamIds(["eng"], teams)).toEqual(new Set(["eng", "plat", "search", "infra"]));
    expect(descendantTeamIds(["plat"], teams)).toEqual(new Set(["plat", "infra"]));
    expect(descendantTeamIds([], teams).size).toBe(0);
  });

  it("terminates on a cycle", () => {
    const cyclic = [
      { id: "a", parentId: "b" },
      { id: "b", parentId: "a" },
    ];
    expect(descendantTeamIds(["a"], cyclic)).toEqual(new Set(["a", "b"]));
  });
});

describe("teamTree", () => {
  it("puts parents before children, siblings by name, with depths", () => {
    expect(teamTree(teams).map((team) => `${team.depth}:${team.name}`)).toEqual([
      "0:Engineering",
      "1:Platform",
      "2:Infra",
      "1:Search",
      "0:Legal",
    ]);
  });

  it("loses no team when parents are missing or cyclic", () => {
    const odd = [
      { id: "a", name: "A", parentId: "b" },
      { id: "b", name: "B", parentId: "a" },
      { id: "c", name: "C", parentId: "gone" },
    ];
    expect(teamTree(odd).map((team) => team.id).sort()).toEqual(["a", "b", "c"]);
  });
});
