import { describe, expect, it } from "vitest";
import { ACCEPT, encodedSize, fileProblem, isDocument, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, totalProblem } from "./attachments";
import { exportLinks } from "./views/ExportMenu";
import { nameProblem } from "./protocol";
import { parseRoute, projectPath } from "./router";
import { collapsible } from "./paste";
import { relativeTime } from "./time";
import { secondsLeft } from "./views/ConnectionPill";
import { answered, breakable, NONE, OTHER, toAnswers } from "./views/QuestionCard";

describe("project names", () => {
  it.each(["todo", "recipe-box", "A_1", "x".repeat(50)])("accepts %s", (n) => expect(nameProblem(n)).toBeNull());
  it.each(["", "has space", "../x", "a/b", "é", "x".repeat(51), "CON", "nul", "Com1", "lpt9"])("refuses %j", (n) =>
    expect(nameProblem(n)).not.toBeNull(),
  );
});

describe("attachments", () => {
  it("takes JPEG and PNG up to 5 MiB", () => {
    expect(fileProblem({ name: "a.png", type: "image/png", size: 10 })).toBeNull();
    expect(fileProblem({ name: "a.jpg", type: "image/jpeg", size: MAX_IMAGE_BYTES })).toBeNull();
    expect(fileProblem({ name: "a.gif", type: "image/gif", size: 10 })).toMatch(/only JPEG and PNG images and documents/);
    expect(fileProblem({ name: "a.png", type: "image/png", size: MAX_IMAGE_BYTES + 1 })).toMatch(/over the limit/);
    expect(fileProblem({ name: "a.png", type: "image/png", size: 0 })).toMatch(/empty/);
  });
  it("takes documents up to 20 MiB, whatever type the browser gives", () => {
    for (const n of ["req.pdf", "Notes.MD", "a.txt", "t.csv", "spec.docx", "plan.xlsx", "deck.pptx"]) {
      expect(isDocument({ name: n })).toBe(true);
      expect(fileProblem({ name: n, type: "", size: 10 })).toBeNull();
    }
    expect(fileProblem({ name: "req.pdf", type: "application/pdf", size: MAX_DOCUMENT_BYTES + 1 })).toMatch(/20 MB per document/);
    expect(fileProblem({ name: "old.doc", type: "application/msword", size: 10 })).toMatch(/documents \(\.md/);
    expect(fileProblem({ name: "empty.md", type: "", size: 0 })).toMatch(/empty/);
    expect(ACCEPT).toContain(".docx");
  });
  it("keeps one message within the server's frame limit", () => {
    expect(encodedSize(3)).toBe(4);
    expect(totalProblem([MAX_IMAGE_BYTES], 100)).toBeNull();
    expect(totalProblem([3 << 20, 3 << 20], 100)).not.toBeNull();
  });
});

describe("export menu", () => {
  it("links every export format of the project", () => {
    const links = exportLinks("my-app");
    expect(links.map((l) => l.format)).toEqual(["markdown", "json", "features", "spec-kit", "kiro", "openspec"]);
    expect(links[5].href).toBe("/api/projects/my-app/export?format=openspec");
  });
});

describe("routes", () => {
  it("parses the two screens", () => {
    expect(parseRoute("/")).toEqual({ page: "home" });
    expect(parseRoute("/p/todo")).toEqual({ page: "project", name: "todo", fresh: false });
    expect(parseRoute("/p/todo/", { fresh: true })).toEqual({ page: "project", name: "todo", fresh: true });
    expect(parseRoute("/p/%E0")).toEqual({ page: "missing" });
    expect(parseRoute("/nope")).toEqual({ page: "missing" });
    expect(projectPath("a b")).toBe("/p/a%20b");
  });
});

describe("relativeTime", () => {
  const now = Date.parse("2026-05-01T12:00:00Z");
  it("speaks plainly", () => {
    expect(relativeTime("2026-05-01T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2026-05-01T11:55:00Z", now)).toBe("5 minutes ago");
    expect(relativeTime("2026-05-01T10:00:00Z", now)).toBe("2 hours ago");
    expect(relativeTime("2026-04-30T12:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("bad", now)).toBe("");
  });
});

describe("the session route", () => {
  it("reads /p/{name}/s/{id}", () => {
    expect(parseRoute("/p/todo/s/3")).toEqual({ page: "session", name: "todo", id: 3 });
    expect(parseRoute("/p/todo/s/0").page).toBe("missing");
    expect(parseRoute("/p/todo/s/x").page).toBe("missing");
  });
});

describe("the page's small rules", () => {
  it("collapses only long pastes", () => {
    expect(collapsible("short")).toBeNull();
    const long = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join("\n");
    const c = collapsible(long)!;
    expect(c.lines).toBe(40);
    expect(c.head.startsWith("line 1\n")).toBe(true);
    expect(c.head.includes("line 13")).toBe(false);
    expect(collapsible("x".repeat(5000))!.head.length).toBeLessThan(1300);
  });

  it("counts down from the time of drawing", () => {
    expect(secondsLeft(10_000, 9_400)).toBe(1);
    expect(secondsLeft(10_000, 10_500)).toBe(0);
    expect(secondsLeft(40_000, 2_000)).toBe(38);
  });

  it("lets a multi-select question go with nothing ticked, but not an empty Other", () => {
    const multi = { question: "Extras?", options: [{ label: "A" }, { label: "B" }], multiSelect: true };
    const single = { question: "Mode?", options: [{ label: "A" }, { label: "B" }] };
    expect(answered(multi, { picked: [], other: "" })).toBe(true);
    expect(answered(multi, { picked: [OTHER], other: " " })).toBe(false);
    expect(answered(single, { picked: [], other: "" })).toBe(false);
    expect(answered(single, { picked: ["B"], other: "" })).toBe(true);
    expect(
      toAnswers([multi, single, multi], [
        { picked: [], other: "" },
        { picked: [OTHER], other: "my way" },
        { picked: ["A", OTHER], other: "C" },
      ]),
    ).toEqual({ "0": [NONE], "1": "my way", "2": ["A", "C"] });
  });
});

describe("breakable", () => {
  it("adds a break opportunity after each slash and keeps the text", () => {
    expect(breakable("plain")).toBe("plain");
    const parts = breakable("a/b/c") as unknown[];
    expect(parts.filter((p) => typeof p === "string").join("")).toBe("a/b/c");
    expect(parts.length).toBe(5);
  });
});
