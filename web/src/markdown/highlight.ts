// Syntax highlighting of fenced code, with Prism (prismjs, maintained,
// ~20 KB for these languages). Prism is used for its tokenizer only: it
// returns a tree of tokens, which CodeBlock draws as Preact text nodes in
// spans, so no HTML from the model is ever parsed by the browser (the
// rule of this renderer). highlight.js was the other candidate, but it
// hands back HTML strings only.

import Prism from "prismjs";
import "prismjs/components/prism-typescript";
import "prismjs/components/prism-jsx";
import "prismjs/components/prism-tsx";
import "prismjs/components/prism-json";
import "prismjs/components/prism-bash";
import "prismjs/components/prism-python";
import "prismjs/components/prism-go";
import "prismjs/components/prism-sql";
import "prismjs/components/prism-yaml";

/** Piece is a highlighted run of text: its token types (empty for plain text) and its text. */
export interface Piece {
  types: string[];
  text: string;
}

const aliases: Record<string, string> = {
  js: "javascript",
  mjs: "javascript",
  ts: "typescript",
  sh: "bash",
  shell: "bash",
  zsh: "bash",
  console: "bash",
  py: "python",
  golang: "go",
  yml: "yaml",
  html: "markup",
  xml: "markup",
  svg: "markup",
  jsonc: "json",
};

// Beyond this, code is shown plain: highlighting is a nicety, and a huge
// paste must not freeze the page.
export const MAX_HIGHLIGHT = 100_000;

/** language returns Prism's name for a fence's language, or null when it has no grammar for it. */
export function language(lang: string): string | null {
  const l = lang.trim().split(/\s+/)[0].toLowerCase();
  const name = aliases[l] ?? l;
  return name && Object.prototype.hasOwnProperty.call(Prism.languages, name) && typeof Prism.languages[name] === "object" ? name : null;
}

/** highlight splits code into pieces with their token types; unknown languages give one plain piece. */
export function highlight(text: string, lang: string): Piece[] {
  const name = language(lang);
  if (!name || text.length > MAX_HIGHLIGHT) return [{ types: [], text }];
  const out: Piece[] = [];
  const walk = (t: string | Prism.Token | (string | Prism.Token)[], types: string[]) => {
    if (typeof t === "string") {
      if (t) out.push({ types, text: t });
    } else if (Array.isArray(t)) {
      for (const x of t) walk(x, types);
    } else {
      const alias = Array.isArray(t.alias) ? t.alias : t.alias ? [t.alias] : [];
      walk(t.content, [...types, t.type, ...alias]);
    }
  };
  walk(Prism.tokenize(text, Prism.languages[name]), []);
  return out;
}
