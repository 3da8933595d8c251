// What the result view says about a spec: its sections for the
// collapsible outline, and the feature count and categories for the
// summary. The server's report (GET /api/projects/{name}/spec) is the
// authority when it has parsed the file; this reads the file itself so
// that the page can still show a spec the server could not parse.

import { child, elements, parseXML, textOf, type XElement } from "./xml";

export interface Category {
  name: string;
  features: string[];
}

export interface SpecSummary {
  projectName: string;
  featureCount: number | null;
  categories: Category[];
  sections: XElement[]; // the children of project_specification
  wellFormed: boolean;
}

/** bullets returns the "- item" lines of a block of text. */
export function bullets(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^[-*•]\s+/.test(l))
    .map((l) => l.replace(/^[-*•]\s+/, ""));
}

/** humanize turns a tag name into a heading: "api_endpoints_summary" → "Api endpoints summary". */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  const fixed = words.replace(/\b(api|ui|id|url|ux|db|sql)\b/gi, (w) => w.toUpperCase());
  return fixed.charAt(0).toUpperCase() + fixed.slice(1);
}

/** summarize reads app_spec.txt. */
export function summarize(appSpec: string): SpecSummary {
  const doc = parseXML(appSpec);
  const root = doc.root;
  if (!root) return { projectName: "", featureCount: null, categories: [], sections: [], wellFormed: false };
  const count = child(root, "feature_count");
  const n = count ? parseInt(textOf(count).trim(), 10) : NaN;
  const core = child(root, "core_features");
  const categories: Category[] = core
    ? elements(core).map((c) => ({ name: c.name, features: bullets(textOf(c)) }))
    : [];
  return {
    projectName: textOf(child(root, "project_name") ?? { name: "", attrs: {}, children: [], line: 0 }).trim(),
    featureCount: Number.isFinite(n) && String(n) === textOf(count!).trim() ? n : null,
    categories,
    sections: elements(root),
    wellFormed: doc.wellFormed && root.name === "project_specification",
  };
}

/** dedent removes the common indentation of a block of text and trims blank edges. */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && lines[0].trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  let min = Infinity;
  for (const l of lines) {
    if (l.trim() === "") continue;
    min = Math.min(min, l.length - l.trimStart().length);
  }
  if (!Number.isFinite(min)) min = 0;
  return lines.map((l) => l.slice(min)).join("\n");
}
