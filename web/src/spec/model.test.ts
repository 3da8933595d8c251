import { describe, expect, it } from "vitest";
import type { SpecModel, VersionDiff } from "../protocol";
import { changeSummary, featureKey, humanize, loadOpen, marks, outlineKey, parts } from "./model";

const model: SpecModel = {
  project_name: "Tidy",
  overview: "Lists.",
  technology_stack: [{ name: "frontend", lines: ["React"] }],
  prerequisites: null,
  feature_count: 2,
  security: { roles: [{ name: "user" }] },
  categories: [{ name: "lists", features: [{ id: "F-001", name: "Create", description: "Create a list" }, { name: "Rename", description: "Rename a list" }] }],
  tables: null,
  api_areas: [{ name: "lists", endpoints: [{ method: "GET", path: "/lists" }] }],
  ui_layout: null,
  design_system: null,
  implementation_steps: [],
  success_criteria: null,
};

function diff(over: Partial<VersionDiff["diff"]["features"]>, counts: [number, number]): VersionDiff {
  return {
    from: 1,
    to: 2,
    summary: "",
    diff: {
      features_before: counts[0],
      features_after: counts[1],
      count_before: counts[0],
      count_after: counts[1],
      features: { added: [], removed: [], changed: [], ...over },
      categories: { added: [], removed: [], renamed: [] },
      tables: { added: [], removed: [], changed: [] },
      endpoints: { added: [], removed: [], changed: [] },
      roles: { added: [], removed: [], changed: [] },
      stack: [],
      sections: [],
      files: [],
    },
  };
}

describe("the spec model", () => {
  it("lists the outline's parts in order, without empty ones", () => {
    expect(parts(model).map((p) => p.key)).toEqual(["overview", "technology_stack", "security_and_access_control", "core_features", "api_endpoints_summary"]);
    expect(parts(model).find((p) => p.key === "core_features")?.meta).toBe("2 features · 1 category");
  });

  it("names features by ID, or by name without one", () => {
    expect(featureKey({ id: "F-001", name: "x" })).toBe("F-001");
    expect(featureKey({ name: "Rename" })).toBe("name:Rename");
    expect(humanize("api_endpoints_summary")).toBe("API endpoints summary");
  });

  it("marks what a revision added and changed, and says it in one line", () => {
    const d = diff(
      {
        added: [{ id: "F-003", name: "a", category: "c" }, { id: "F-004", name: "b", category: "c" }, { name: "Plain", category: "c" }],
        changed: [{ id: "F-001", name: "x", category: "c", matched_by: "id", fields: ["description"], before: { name: "x", description: "" }, after: { name: "x", description: "" } }],
        removed: [{ id: "F-002", name: "y", category: "c" }],
      },
      [54, 56],
    );
    const m = marks(d);
    expect(m.get("F-003")).toBe("added");
    expect(m.get("name:Plain")).toBe("added");
    expect(m.get("F-001")).toBe("changed");
    expect(m.has("F-002")).toBe(false);
    expect(changeSummary(d)).toBe("+3 features, 1 changed, 1 removed; feature count 54 → 56");
    expect(changeSummary(diff({}, [5, 5]))).toBe("no feature changed");
    expect(marks(null).size).toBe(0);
  });

  it("keeps the outline's open sections per project, with a default", () => {
    const store = new Map<string, string>();
    const s = { getItem: (k: string) => store.get(k) ?? null };
    expect([...loadOpen(s, "p")]).toEqual(["overview", "core_features"]);
    store.set(outlineKey("p"), JSON.stringify(["database_schema"]));
    expect([...loadOpen(s, "p")]).toEqual(["database_schema"]);
    expect([...loadOpen(s, "other")]).toEqual(["overview", "core_features"]);
    store.set(outlineKey("p"), "{broken");
    expect([...loadOpen(s, "p")]).toEqual(["overview", "core_features"]);
  });
});
