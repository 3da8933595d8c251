// A small Markdown parser for the model's chat text and the initializer
// prompt. It produces a syntax tree, never HTML: the renderer turns the
// tree into Preact elements, so text always ends up as text nodes and raw
// HTML in the input is shown as the characters it is. Links keep only
// http, https and mailto destinations (see safeHref); images are never
// loaded, only named.
//
// The dialect is the part of CommonMark and GitHub's tables that chat
// models write: ATX headings, paragraphs with line breaks kept, fenced
// code, block quotes, nested lists, thematic breaks, pipe tables, and
// inline code, emphasis, strike-through, links, autolinks and bare URLs.
// It is tolerant of text cut off mid-stream: an unclosed fence or
// emphasis renders as far as it goes.

import { safeHref } from "./url";

export type Inline =
  | { t: "text"; v: string }
  | { t: "code"; v: string }
  | { t: "em"; c: Inline[] }
  | { t: "strong"; c: Inline[] }
  | { t: "del"; c: Inline[] }
  | { t: "link"; href: string | null; c: Inline[] }
  | { t: "img"; alt: string }
  | { t: "br"; soft?: boolean }; // soft: a plain line break inside a paragraph

export type Align = "left" | "center" | "right" | null;

export type Block =
  | { t: "p"; c: Inline[] }
  | { t: "h"; level: number; c: Inline[] }
  | { t: "code"; lang: string; text: string }
  | { t: "quote"; c: Block[] }
  | { t: "list"; ordered: boolean; start: number; items: Block[][] }
  | { t: "hr" }
  | { t: "table"; align: Align[]; head: Inline[][]; rows: Inline[][][] };

const MAX_DEPTH = 12; // nesting of quotes and lists; deeper is plain text
// MAX_EMPHASIS bounds how far an emphasis opener looks for its closer,
// which keeps text full of stray stars linear.
const MAX_EMPHASIS = 1000;

const fenceRe = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`]*)$/;
const headingRe = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const hrRe = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const quoteRe = /^ {0,3}> ?(.*)$/;
const itemRe = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$/;
const tableSepRe = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** parse turns Markdown text into blocks. */
export function parse(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  return parseBlocks(lines, 0);
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === " ") n++;
    else if (ch === "\t") n += 4 - (n % 4);
    else break;
  }
  return n;
}

// stripIndent removes up to n columns of leading white space.
function stripIndent(line: string, n: number): string {
  let col = 0;
  let i = 0;
  while (i < line.length && col < n) {
    const ch = line[i];
    if (ch === " ") col++;
    else if (ch === "\t") col += 4 - (col % 4);
    else break;
    i++;
  }
  return line.slice(i);
}

// startsBlock reports whether a line interrupts a paragraph.
function startsBlock(line: string): boolean {
  if (fenceRe.test(line) || headingRe.test(line) || hrRe.test(line) || quoteRe.test(line)) return true;
  const m = itemRe.exec(line);
  // An ordered item interrupts a paragraph only when it starts at 1, as
  // in CommonMark, so that "in 2024. we…" does not open a list.
  if (m && m[4].trim() !== "") return !/^\d/.test(m[2]) || /^1[.)]$/.test(m[2]);
  return false;
}

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith("|")) s = s.slice(1);
  if (s.endsWith("|") && !s.endsWith("\\|")) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = "";
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "\\" && s[i + 1] === "|") {
      cur += "|";
      i++;
    } else if (ch === "`") {
      inCode = !inCode;
      cur += ch;
    } else if (ch === "|" && !inCode) {
      cells.push(cur.trim());
      cur = "";
    } else {
      cur += ch;
    }
  }
  cells.push(cur.trim());
  return cells;
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;

    if ((m = fenceRe.exec(line))) {
      const fence = m[1];
      const lang = m[2].trim().split(/\s+/)[0] ?? "";
      const indent = indentOf(line);
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[i]);
        if (close && close[1][0] === fence[0] && close[1].length >= fence.length) {
          i++;
          break;
        }
        body.push(stripIndent(lines[i], indent));
        i++;
      }
      out.push({ t: "code", lang, text: body.join("\n") });
      continue;
    }

    if ((m = headingRe.exec(line))) {
      out.push({ t: "h", level: m[1].length, c: parseInline(m[2] ?? "") });
      i++;
      continue;
    }

    if (hrRe.test(line)) {
      out.push({ t: "hr" });
      i++;
      continue;
    }

    if (quoteRe.test(line) && depth < MAX_DEPTH) {
      const body: string[] = [];
      while (i < lines.length) {
        const q = quoteRe.exec(lines[i]);
        if (q) body.push(q[1]);
        else if (!isBlank(lines[i]) && body.length > 0 && !isBlank(body[body.length - 1]) && !startsBlock(lines[i]))
          body.push(lines[i]); // lazy continuation of a quoted paragraph
        else break;
        i++;
      }
      out.push({ t: "quote", c: parseBlocks(body, depth + 1) });
      continue;
    }

    if ((m = itemRe.exec(line)) && depth < MAX_DEPTH) {
      const [list, next] = parseList(lines, i, depth);
      out.push(list);
      i = next;
      continue;
    }

    if (line.includes("|") && i + 1 < lines.length && tableSepRe.test(lines[i + 1]) && lines[i + 1].includes("-")) {
      const head = splitRow(line);
      const seps = splitRow(lines[i + 1]);
      if (seps.length === head.length) {
        const align: Align[] = seps.map((s) => {
          const l = s.startsWith(":");
          const r = s.endsWith(":");
          return l && r ? "center" : r ? "right" : l ? "left" : null;
        });
        const rows: Inline[][][] = [];
        i += 2;
        while (i < lines.length && !isBlank(lines[i]) && lines[i].includes("|")) {
          const cells = splitRow(lines[i]);
          const row: Inline[][] = [];
          for (let k = 0; k < head.length; k++) row.push(parseInline(cells[k] ?? ""));
          rows.push(row);
          i++;
        }
        out.push({ t: "table", align, head: head.map(parseInline), rows });
        continue;
      }
    }

    // A paragraph: lines up to a blank line or the start of another block.
    // Lines keep two trailing spaces, CommonMark's hard line break.
    const paraLine = (l: string) => l.trimStart().replace(/[ \t]+$/, (sp) => (sp.length >= 2 ? "  " : ""));
    const para: string[] = [paraLine(line)];
    i++;
    while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i])) {
      const next = lines[i];
      if (next.includes("|") && i + 1 < lines.length && tableSepRe.test(lines[i + 1]) && lines[i + 1].includes("-")) break;
      para.push(paraLine(next));
      i++;
    }
    out.push({ t: "p", c: parseInline(para.join("\n").trimEnd()) });
  }
  return out;
}

// parseList reads a list starting at lines[start]; it returns the list and
// the index of the first line after it.
function parseList(lines: string[], start: number, depth: number): [Block, number] {
  const first = itemRe.exec(lines[start])!;
  const ordered = /^\d/.test(first[2]);
  const delim = first[2].slice(-1); // "-", "*", "+", "." or ")"
  const baseIndent = first[1].length;
  const items: Block[][] = [];
  let i = start;
  while (i < lines.length) {
    const m = itemRe.exec(lines[i]);
    if (!m || m[2].slice(-1) !== delim || /^\d/.test(m[2]) !== ordered || indentOf(lines[i]) > baseIndent + 1) break;
    if (hrRe.test(lines[i])) break;
    // Content starts after the marker and its spaces; more than four
    // spaces mean the content is indented code, which we treat as one.
    const spaces = m[3].length;
    const contentIndent = m[1].length + m[2].length + (spaces >= 1 && spaces <= 4 ? spaces : 1);
    const body: string[] = [m[4]];
    i++;
    let prevBlank = m[4].trim() === "";
    while (i < lines.length) {
      const line = lines[i];
      if (isBlank(line)) {
        body.push("");
        prevBlank = true;
        i++;
        continue;
      }
      const ind = indentOf(line);
      // Children: lines indented past the list's own marker. Models often
      // indent by two under "1. ", so accept any indent beyond the base.
      if (ind >= Math.min(contentIndent, baseIndent + 2)) {
        body.push(stripIndent(line, Math.min(ind, contentIndent)));
        prevBlank = false;
        i++;
        continue;
      }
      if (!prevBlank && !startsBlock(line) && !itemRe.test(line)) {
        body.push(line.trim()); // lazy continuation
        i++;
        continue;
      }
      break;
    }
    while (body.length > 0 && body[body.length - 1] === "") body.pop();
    items.push(parseBlocks(body, depth + 1));
    // A blank line followed by something that is not an item ends the list.
    if (i < lines.length && !itemRe.test(lines[i])) break;
  }
  const start0 = ordered ? parseInt(first[2], 10) : 1;
  return [{ t: "list", ordered, start: start0, items }, i];
}

// ---- inline ----

const punct = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const wordChar = /[\p{L}\p{N}]/u;

/** parseInline turns one paragraph's text into inline nodes. */
export function parseInline(src: string): Inline[] {
  return new InlineParser(src).run(0);
}

class InlineParser {
  private pos = 0;
  // failed remembers the emphasis openers ("pos:delimiter") that found
  // no closer: the answer does not depend on the context, and trying
  // again would make text full of stray stars take exponential time.
  private readonly failed = new Set<string>();
  constructor(private readonly src: string) {}

  run(depth: number, until?: string, limit = Infinity): Inline[] {
    const out: Inline[] = [];
    let text = "";
    const flush = () => {
      if (text) {
        const last = out[out.length - 1];
        if (last && last.t === "text") last.v += text;
        else out.push({ t: "text", v: text });
        text = "";
      }
    };
    const s = this.src;
    while (this.pos < s.length) {
      if (until !== undefined && (this.pos > limit || this.atCloser(until))) break;
      const ch = s[this.pos];

      if (ch === "\\" && this.pos + 1 < s.length && punct.test(s[this.pos + 1])) {
        text += s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (ch === "\\" && s[this.pos + 1] === "\n") {
        flush();
        out.push({ t: "br" });
        this.pos += 2;
        continue;
      }
      if (ch === "\n") {
        // Two spaces before the break make it a hard one, as in
        // CommonMark; a plain break is soft, and the renderer decides.
        const hard = text.endsWith("  ");
        text = text.replace(/[ \t]+$/, "");
        flush();
        out.push(hard ? { t: "br" } : { t: "br", soft: true });
        this.pos++;
        continue;
      }
      if (ch === "`") {
        const code = this.codeSpan();
        if (code !== null) {
          flush();
          out.push({ t: "code", v: code });
          continue;
        }
        // An unmatched run of backticks is literal.
        const run = this.runLength("`");
        text += s.slice(this.pos, this.pos + run);
        this.pos += run;
        continue;
      }
      if (ch === "!" && s[this.pos + 1] === "[" && depth < MAX_DEPTH) {
        const save = this.pos;
        this.pos++;
        const link = this.linkOrNull(depth, true);
        if (link) {
          flush();
          out.push(link);
          continue;
        }
        this.pos = save;
      }
      if (ch === "[" && depth < MAX_DEPTH) {
        const save = this.pos;
        const link = this.linkOrNull(depth, false);
        if (link) {
          flush();
          out.push(link);
          continue;
        }
        this.pos = save;
      }
      if (ch === "<") {
        const auto = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/.exec(s.slice(this.pos));
        if (auto) {
          flush();
          out.push({ t: "link", href: safeHref(auto[1]), c: [{ t: "text", v: auto[1] }] });
          this.pos += auto[0].length;
          continue;
        }
        const mail = /^<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)>/.exec(s.slice(this.pos));
        if (mail) {
          flush();
          out.push({ t: "link", href: safeHref("mailto:" + mail[1]), c: [{ t: "text", v: mail[1] }] });
          this.pos += mail[0].length;
          continue;
        }
      }
      if ((ch === "h" || ch === "w") && (this.pos === 0 || !wordChar.test(s[this.pos - 1]))) {
        const url = this.bareURL();
        if (url) {
          flush();
          out.push(url);
          continue;
        }
      }
      if ((ch === "*" || ch === "_" || ch === "~") && depth < MAX_DEPTH) {
        const node = this.emphasis(depth);
        if (node) {
          flush();
          out.push(node);
          continue;
        }
        const run = this.runLength(ch);
        text += s.slice(this.pos, this.pos + run);
        this.pos += run;
        continue;
      }
      text += ch;
      this.pos++;
    }
    flush();
    return out;
  }

  private runLength(ch: string): number {
    let n = 0;
    while (this.src[this.pos + n] === ch) n++;
    return n;
  }

  // atCloser reports whether a closing delimiter run of exactly `d` stands
  // at the current position: not preceded by white space, and for "_" not
  // followed by a letter or digit.
  private atCloser(d: string): boolean {
    const s = this.src;
    if (!s.startsWith(d, this.pos)) return false;
    const before = s[this.pos - 1];
    if (before === undefined || /\s/.test(before)) return false;
    if (d[0] === "_") {
      const after = s[this.pos + d.length];
      if (after !== undefined && wordChar.test(after)) return false;
    }
    return true;
  }

  private codeSpan(): string | null {
    const s = this.src;
    const n = this.runLength("`");
    let j = this.pos + n;
    while (j < s.length) {
      const k = s.indexOf("`", j);
      if (k < 0) return null;
      let m = 0;
      while (s[k + m] === "`") m++;
      if (m === n) {
        let code = s.slice(this.pos + n, k).replace(/\n/g, " ");
        if (code.length > 2 && code.startsWith(" ") && code.endsWith(" ") && code.trim() !== "") code = code.slice(1, -1);
        this.pos = k + m;
        return code;
      }
      j = k + m;
    }
    return null;
  }

  private emphasis(depth: number): Inline | null {
    const s = this.src;
    const ch = s[this.pos];
    const run = this.runLength(ch);
    const after = s[this.pos + run];
    const before = s[this.pos - 1];
    if (after === undefined || /\s/.test(after)) return null; // not left-flanking
    if (ch === "_" && before !== undefined && wordChar.test(before)) return null; // snake_case
    if (ch === "~" && run !== 2) return null;

    // Try the longest usable delimiter first: *** is strong inside em.
    const tries: [string, "em" | "strong" | "del"][] =
      ch === "~" ? [["~~", "del"]] : run >= 2 ? [[ch + ch, "strong"], [ch, "em"]] : [[ch, "em"]];
    for (const [d, kind] of tries) {
      const save = this.pos;
      const memo = `${save}:${d}`;
      if (this.failed.has(memo) || s.indexOf(d, save + d.length + 1) < 0) continue;
      this.pos += d.length;
      const inner = this.run(depth + 1, d, save + MAX_EMPHASIS);
      if (this.pos < s.length && s.startsWith(d, this.pos) && inner.length > 0) {
        this.pos += d.length;
        return { t: kind, c: inner } as Inline;
      }
      this.failed.add(memo);
      this.pos = save;
    }
    return null;
  }

  // linkOrNull parses [label](dest "title") at pos (at "[").
  private linkOrNull(depth: number, image: boolean): Inline | null {
    const s = this.src;
    if (s[this.pos] !== "[") return null;
    // Find the matching bracket, skipping code spans and escapes.
    let j = this.pos + 1;
    let level = 1;
    const end = Math.min(s.length, this.pos + MAX_EMPHASIS);
    while (j < end && level > 0) {
      const c = s[j];
      if (c === "\\") j += 2;
      else if (c === "`") {
        const k = s.indexOf("`", j + 1);
        j = k < 0 ? j + 1 : k + 1;
      } else {
        if (c === "[") level++;
        else if (c === "]") level--;
        j++;
      }
    }
    if (level !== 0 || s[j] !== "(") return null;
    const labelEnd = j - 1;
    // Destination: <...> or a run without spaces, balanced parentheses.
    let k = j + 1;
    while (s[k] === " ") k++;
    let dest = "";
    if (s[k] === "<") {
      const close = s.indexOf(">", k);
      if (close < 0) return null;
      dest = s.slice(k + 1, close);
      k = close + 1;
    } else {
      let parens = 0;
      const from = k;
      while (k < s.length && k - from < 2048) {
        const c = s[k];
        if (c === "\\" && k + 1 < s.length) {
          k += 2;
          continue;
        }
        if (/\s/.test(c)) break;
        if (c === "(") parens++;
        if (c === ")") {
          if (parens === 0) break;
          parens--;
        }
        k++;
      }
      dest = s.slice(from, k).replace(/\\(.)/g, "$1");
    }
    while (s[k] === " ") k++;
    if (s[k] === '"' || s[k] === "'") {
      const q = s[k];
      const close = s.indexOf(q, k + 1);
      if (close < 0) return null;
      k = close + 1;
      while (s[k] === " ") k++;
    }
    if (s[k] !== ")") return null;
    const label = s.slice(this.pos + 1, labelEnd);
    this.pos = k + 1;
    if (image) return { t: "img", alt: label };
    const c = new InlineParser(label).runNoLinks(depth + 1);
    return { t: "link", href: safeHref(dest), c };
  }

  // runNoLinks parses a link label: links do not nest.
  runNoLinks(depth: number): Inline[] {
    const nodes = this.run(depth);
    return nodes.flatMap((n) => (n.t === "link" ? n.c : [n]));
  }

  private bareURL(): Inline | null {
    const rest = this.src.slice(this.pos);
    const m = /^(?:https?:\/\/|www\.)[^\s<>"`]+/i.exec(rest);
    if (!m) return null;
    let url = m[0];
    // Trailing punctuation belongs to the sentence, as does an unbalanced ")".
    for (;;) {
      const last = url[url.length - 1];
      if (/[.,;:!?'"*_~]/.test(last)) url = url.slice(0, -1);
      else if (last === ")" && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1);
      else break;
    }
    if (url.length < 8) return null;
    this.pos += url.length;
    const href = safeHref(/^www\./i.test(url) ? "https://" + url : url);
    return { t: "link", href, c: [{ t: "text", v: url }] };
  }
}

/** plainText flattens inline nodes to their visible text. */
export function plainText(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case "text":
        case "code":
          return n.v;
        case "br":
          return "\n";
        case "img":
          return n.alt;
        default:
          return plainText(n.c);
      }
    })
    .join("");
}
