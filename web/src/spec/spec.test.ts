import { describe, expect, it } from "vitest";
import { bullets, dedent, humanize, summarize } from "./summary";
import { decodeEntities, elements, parseXML, textOf } from "./xml";
// The repository's own valid spec, the one the Go validator tests use.
import sample from "../../../internal/spec/testdata/app_spec.txt?raw";

describe("parseXML", () => {
  it("reads the sample spec", () => {
    const doc = parseXML(sample);
    expect(doc.wellFormed).toBe(true);
    expect(doc.root?.name).toBe("project_specification");
    expect(elements(doc.root!).map((e) => e.name)).toContain("core_features");
  });

  it("decodes entities and CDATA, skips comments and declarations", () => {
    const doc = parseXML('<?xml version="1.0"?><!-- c --><a x="1 &amp; 2">&lt;b&gt; &#65;&#x42; <![CDATA[<raw>&amp;]]></a>');
    expect(doc.wellFormed).toBe(true);
    expect(doc.root?.attrs.x).toBe("1 & 2");
    expect(textOf(doc.root!)).toBe("<b> AB <raw>&amp;");
  });

  it("never throws and reports broken files", () => {
    for (const bad of ["", "<a>", "<a></b>", "</a>", "<a><b></a>", "text", "<a x='>'>ok</a><b/>", "<", "<a <b>"]) {
      expect(() => parseXML(bad)).not.toThrow();
      expect(parseXML(bad).wellFormed).toBe(false);
    }
    expect(parseXML("<a x='>'>ok</a>").wellFormed).toBe(true);
  });

  it("keeps unknown entities as written", () => {
    expect(decodeEntities("&nbsp; &#0; &#xD800; &amp;")).toBe("&nbsp; &#0; &#xD800; &");
  });
});

describe("summarize", () => {
  it("finds the count and the categories", () => {
    const s = summarize(sample);
    expect(s.wellFormed).toBe(true);
    expect(s.projectName).toBe("Tidy");
    expect(s.featureCount).toBe(30);
    expect(s.categories.map((c) => c.name)).toEqual([
      "accounts",
      "lists",
      "tasks",
      "views",
      "search",
      "administration",
      "experience",
    ]);
    expect(s.categories[1].features).toContain("Reorder lists by drag & drop in the sidebar");
    expect(s.categories.reduce((n, c) => n + c.features.length, 0)).toBe(30);
  });

  it("copes with a file that is not a spec", () => {
    expect(summarize("not xml at all")).toMatchObject({ featureCount: null, wellFormed: false });
    expect(summarize("<project_specification><feature_count>many</feature_count></project_specification>").featureCount).toBeNull();
  });
});

describe("helpers", () => {
  it("bullets, humanize, dedent", () => {
    expect(bullets("\n  - a\n  text\n  * b\n")).toEqual(["a", "b"]);
    expect(humanize("api_endpoints_summary")).toBe("API endpoints summary");
    expect(humanize("ui_layout")).toBe("UI layout");
    expect(dedent("\n    a\n      b\n    c\n  ")).toBe("a\n  b\nc");
  });
});
