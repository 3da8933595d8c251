import { describe, expect, it } from "vitest";
import { parse, parseInline, plainText, type Block, type Inline } from "./parse";
import { safeHref } from "./url";

// collect walks a tree and returns every inline node.
function inlinesOf(blocks: Block[]): Inline[] {
  const out: Inline[] = [];
  const walkInline = (ns: Inline[]) => {
    for (const n of ns) {
      out.push(n);
      if ("c" in n) walkInline(n.c);
    }
  };
  const walk = (bs: Block[]) => {
    for (const b of bs) {
      switch (b.t) {
        case "p":
        case "h":
          walkInline(b.c);
          break;
        case "quote":
          walk(b.c);
          break;
        case "list":
          b.items.forEach(walk);
          break;
        case "table":
          b.head.forEach(walkInline);
          b.rows.forEach((r) => r.forEach(walkInline));
          break;
      }
    }
  };
  walk(blocks);
  return out;
}

describe("safeHref", () => {
  it.each([
    ["https://example.com/a?b=c", "https://example.com/a?b=c"],
    ["http://example.com", "http://example.com/"],
    ["mailto:a@example.com", "mailto:a@example.com"],
  ])("keeps %s", (raw, want) => expect(safeHref(raw)).toBe(want));

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "blob:https://x/1",
    "/api/projects",
    "../x",
    "#top",
    "//evil.example/x",
    "https://user:pw@evil.example/",
    "https://good.example@evil.example/",
    "",
    "http://",
  ])("refuses %j", (raw) => expect(safeHref(raw)).toBeNull());
});

describe("parse blocks", () => {
  it("reads headings, paragraphs with line breaks, and rules", () => {
    const b = parse("# Title\n\nline one\nline two\n\n---\n\ntail");
    expect(b.map((x) => x.t)).toEqual(["h", "p", "hr", "p"]);
    expect(b[0]).toMatchObject({ t: "h", level: 1 });
    expect((b[1] as { c: Inline[] }).c.map((n) => n.t)).toEqual(["text", "br", "text"]);
  });

  it("reads fenced code verbatim, also unclosed while streaming", () => {
    const b = parse("```ts\nconst a = <b>1</b>;\n\n*not em*\n```\nafter");
    expect(b[0]).toEqual({ t: "code", lang: "ts", text: "const a = <b>1</b>;\n\n*not em*" });
    expect(b[1].t).toBe("p");
    expect(parse("```\nhalf of it")[0]).toEqual({ t: "code", lang: "", text: "half of it" });
  });

  it("reads nested lists, ordered with a start", () => {
    const b = parse("- one\n- two\n  - two a\n  - two b\n- three\n\n3. c\n4. d");
    expect(b.length).toBe(2);
    const ul = b[0] as Extract<Block, { t: "list" }>;
    expect(ul.ordered).toBe(false);
    expect(ul.items.length).toBe(3);
    expect(ul.items[1][1]).toMatchObject({ t: "list", ordered: false });
    expect((ul.items[1][1] as Extract<Block, { t: "list" }>).items.length).toBe(2);
    expect(b[1]).toMatchObject({ t: "list", ordered: true, start: 3 });
  });

  it("keeps a list together across blank lines between items", () => {
    const b = parse("1. a\n\n2. b\n\n3. c");
    expect(b.length).toBe(1);
    expect((b[0] as Extract<Block, { t: "list" }>).items.length).toBe(3);
  });

  it("reads block quotes and tables", () => {
    const b = parse("> quoted\n> more\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 |");
    expect(b[0]).toMatchObject({ t: "quote" });
    const t = b[1] as Extract<Block, { t: "table" }>;
    expect(t.t).toBe("table");
    expect(t.align).toEqual(["left", "right"]);
    expect(t.rows.length).toBe(2);
    expect(plainText(t.rows[1][1])).toBe("");
  });

  it("does not open an ordered list mid-paragraph unless it starts at 1", () => {
    const b = parse("We shipped in\n2024. Then more.");
    expect(b.length).toBe(1);
    expect(b[0].t).toBe("p");
  });

  it("survives deep nesting", () => {
    const deep = ">".repeat(200) + " x\n" + "- ".repeat(200) + "y";
    expect(() => parse(deep)).not.toThrow();
    expect(() => parseInline("*".repeat(5000) + "a" + "*".repeat(5000))).not.toThrow();
    expect(() => parseInline("[".repeat(3000) + "a" + "](x)".repeat(3000))).not.toThrow();
  });

  it("stays fast on stray delimiters", () => {
    const t0 = Date.now();
    parseInline("*a _b ~~c **d ".repeat(2000));
    parseInline("[a](".repeat(2000));
    parseInline("`".repeat(2000) + "x");
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe("parse inline", () => {
  it("reads emphasis, strong, strike and code", () => {
    const n = parseInline("**bold** and *em* and _em2_ and ~~gone~~ and `a*b*c`");
    expect(n.filter((x) => x.t !== "text").map((x) => x.t)).toEqual(["strong", "em", "em", "del", "code"]);
    expect(n.find((x) => x.t === "code")).toEqual({ t: "code", v: "a*b*c" });
  });

  it("leaves snake_case and lone stars alone", () => {
    expect(parseInline("use snake_case_names here")).toEqual([{ t: "text", v: "use snake_case_names here" }]);
    expect(parseInline("2 * 3 * 4")).toEqual([{ t: "text", v: "2 * 3 * 4" }]);
    expect(plainText(parseInline("**unclosed bold"))).toBe("**unclosed bold");
  });

  it("reads strong inside emphasis and the other way", () => {
    const n = parseInline("***both***");
    expect(n[0].t).toBe("strong");
    expect(plainText(n)).toBe("both");
  });

  it("makes links from markdown, autolinks and bare URLs", () => {
    const n = parseInline("see [docs](https://example.com/d \"t\"), <https://a.example/x> and https://b.example/y.");
    const links = n.filter((x) => x.t === "link") as Extract<Inline, { t: "link" }>[];
    expect(links.map((l) => l.href)).toEqual(["https://example.com/d", "https://a.example/x", "https://b.example/y"]);
    expect(plainText(n).endsWith("https://b.example/y.")).toBe(true);
  });

  it("ends a bare URL at a quote", () => {
    const n = parseInline('<img src="http://x.example/a"/>');
    const link = n.find((x) => x.t === "link") as Extract<Inline, { t: "link" }>;
    expect(link.href).toBe("http://x.example/a");
    expect(plainText(n)).toBe('<img src="http://x.example/a"/>');
  });

  it("keeps dangerous links inert and images unloaded", () => {
    const n = parseInline("[x](javascript:alert(1)) ![pic](http://127.0.0.1:9/evil) [rel](/api/x)");
    const links = n.filter((x) => x.t === "link") as Extract<Inline, { t: "link" }>[];
    expect(links.map((l) => l.href)).toEqual([null, null]);
    expect(n.find((x) => x.t === "img")).toEqual({ t: "img", alt: "pic" });
  });

  it("shows raw HTML as text", () => {
    const src = '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:x">y</a>';
    const all = inlinesOf(parse(src));
    expect(all.every((x) => x.t === "text" || x.t === "br")).toBe(true);
    expect(plainText(parseInline(src))).toBe(src);
  });

  it("honours backslash escapes", () => {
    expect(plainText(parseInline("\\*not em\\* \\[x\\](y)"))).toBe("*not em* [x](y)");
  });
});
