// What the result pane shows of a spec, from the server's parsed model
// (report.spec of GET /api/projects/{name}/spec): the page has no spec
// parser of its own. Pure functions, tested without a browser.

import type { Feature, Section, SpecModel, VersionDiff } from "../protocol";

/** humanize turns a tag name into a heading: "api_endpoints_summary" → "API endpoints summary". */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  const fixed = words.replace(/\b(api|ui|id|url|ux|db|sql)\b/gi, (w) => w.toUpperCase());
  return fixed.charAt(0).toUpperCase() + fixed.slice(1);
}

/** featureKey names a feature across versions: its ID, or its name when it has none. */
export function featureKey(f: { id?: string; name: string }): string {
  return f.id ? f.id : `name:${f.name}`;
}

export type Mark = "added" | "changed";

/** marks returns, for the features of the newer version of a diff, which were added and which changed. */
export function marks(d: VersionDiff | null): Map<string, Mark> {
  const out = new Map<string, Mark>();
  if (!d) return out;
  for (const f of d.diff.features.added) out.set(featureKey(f), "added");
  for (const f of d.diff.features.changed) out.set(featureKey(f), "changed");
  return out;
}

/** changeSummary says what a diff did to the features, as the result pane shows it. */
export function changeSummary(d: VersionDiff): string {
  const f = d.diff.features;
  const parts: string[] = [];
  if (f.added.length) parts.push(`+${f.added.length} ${f.added.length === 1 ? "feature" : "features"}`);
  if (f.changed.length) parts.push(`${f.changed.length} changed`);
  if (f.removed.length) parts.push(`${f.removed.length} removed`);
  let s = parts.length ? parts.join(", ") : "no feature changed";
  const before = d.diff.count_before || d.diff.features_before;
  const after = d.diff.count_after || d.diff.features_after;
  if (before !== after) s += `; feature count ${before} → ${after}`;
  return s;
}

/** PartSummary is one top-level part of the outline. */
export interface Part {
  key: string; // stable across versions: the section's name
  title: string;
  meta: string;
}

const list = <T>(x: T[] | null | undefined): T[] => x ?? [];

/** parts lists the outline's sections of a spec, in the format's order, leaving out empty ones. */
export function parts(s: SpecModel): Part[] {
  const out: Part[] = [];
  const add = (key: string, meta: string, present: boolean) => present && out.push({ key, title: humanize(key), meta });
  const cats = list(s.categories);
  const features = cats.reduce((n, c) => n + list(c.features).length, 0);
  add("overview", "", !!s.overview);
  add("technology_stack", count(list(s.technology_stack).length, "part"), list(s.technology_stack).length > 0);
  add("prerequisites", count(list(s.prerequisites).length, "part"), list(s.prerequisites).length > 0);
  add("security_and_access_control", count(list(s.security?.roles).length, "role"), !!s.security && (list(s.security.roles).length > 0 || !!s.security.authentication?.length));
  add("core_features", `${count(features, "feature")} · ${count(cats.length, "category", "categories")}`, cats.length > 0);
  add("database_schema", count(list(s.tables).length, "table"), list(s.tables).length > 0);
  const endpoints = list(s.api_areas).reduce((n, a) => n + list(a.endpoints).length, 0);
  add("api_endpoints_summary", count(endpoints, "endpoint"), list(s.api_areas).length > 0);
  add("ui_layout", count(list(s.ui_layout).length, "part"), list(s.ui_layout).length > 0);
  add("design_system", count(list(s.design_system).length, "part"), list(s.design_system).length > 0);
  add("implementation_steps", count(list(s.implementation_steps).length, "step"), list(s.implementation_steps).length > 0);
  add("success_criteria", count(list(s.success_criteria).length, "part"), list(s.success_criteria).length > 0);
  for (const x of list(s.extra)) out.push({ key: `extra:${x.name}`, title: humanize(x.name), meta: "" });
  return out;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** sectionLabel is a section's heading: its name and any attributes ("Color: Teal, #7FA9AE"). */
export function sectionLabel(s: Section): string {
  const attrs = (s.attrs ?? []).map((a) => a.value).filter((v) => v.trim() !== "");
  return attrs.length ? `${humanize(s.name)}: ${attrs.join(", ")}` : humanize(s.name);
}

/** categoryFeatures returns a category's features, never null. */
export function categoryFeatures(c: { features: Feature[] | null }): Feature[] {
  return c.features ?? [];
}

/** outlineKey is where the open sections of a project's outline are kept in the tab. */
export const outlineKey = (project: string) => `specwright.outline.${project}`;

/** loadOpen reads the kept open sections, or the default: the overview and the features. */
export function loadOpen(store: Pick<Storage, "getItem"> | null, project: string): Set<string> {
  try {
    const raw = store?.getItem(outlineKey(project));
    if (raw) {
      const v = JSON.parse(raw);
      if (Array.isArray(v)) return new Set(v.filter((x) => typeof x === "string"));
    }
  } catch {
    // unreadable: fall back to the default
  }
  return new Set(["overview", "core_features"]);
}
