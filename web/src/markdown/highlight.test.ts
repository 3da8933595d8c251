import { describe, expect, it } from "vitest";
import { highlight, language, MAX_HIGHLIGHT } from "./highlight";
import { parse } from "./parse";

describe("syntax highlighting", () => {
  it("knows the languages and their aliases", () => {
    expect(language("ts")).toBe("typescript");
    expect(language("Go")).toBe("go");
    expect(language("sh")).toBe("bash");
    expect(language("html")).toBe("markup");
    expect(language("brainfuck")).toBeNull();
    expect(language("constructor")).toBeNull(); // not a grammar, though Prism.languages has it
  });

  it("splits code into typed pieces that give back the text", () => {
    const code = 'func main() {\n\tfmt.Println("hi") // greet\n}';
    const pieces = highlight(code, "go");
    expect(pieces.map((p) => p.text).join("")).toBe(code);
    expect(pieces.find((p) => p.text === "func")?.types).toContain("keyword");
    expect(pieces.find((p) => p.text === '"hi"')?.types).toContain("string");
    expect(pieces.find((p) => p.text === "// greet")?.types).toContain("comment");
  });

  it("leaves unknown languages and huge pastes plain", () => {
    expect(highlight("x = 1", "")).toEqual([{ types: [], text: "x = 1" }]);
    const big = "a".repeat(MAX_HIGHLIGHT + 1);
    expect(highlight(big, "js")).toEqual([{ types: [], text: big }]);
  });

  it("treats markup in code as text", () => {
    const code = "<script>alert(1)</script>";
    expect(highlight(code, "html").map((p) => p.text).join("")).toBe(code);
  });
});

describe("line breaks", () => {
  it("marks a plain line break soft and two trailing spaces hard", () => {
    const p = parse("one\ntwo  \nthree")[0] as { c: { t: string; soft?: boolean; v?: string }[] };
    expect(p.c.map((n) => (n.t === "br" ? (n.soft ? "soft" : "hard") : n.v))).toEqual(["one", "soft", "two", "hard", "three"]);
  });
});
