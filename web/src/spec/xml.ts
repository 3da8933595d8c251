// A tolerant reader for app_spec.txt. The server validates the file
// strictly; the page only needs to show it, also when it is broken, so
// this parser never throws: a stray closing tag is skipped, an unclosed
// element ends with its parent, and the caller learns whether the file
// was well formed. It builds plain objects, never DOM nodes.

export interface XElement {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  line: number; // 1-based line of the start tag
}

export type XNode = XElement | string;

export interface XDocument {
  root: XElement | null;
  wellFormed: boolean;
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** decodeEntities replaces XML character and entity references. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (all, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
      return all;
    }
    return entities[ref] ?? all;
  });
}

const nameRe = /^[A-Za-z_:][-A-Za-z0-9_.:]*/;
const attrRe = /([A-Za-z_:][-A-Za-z0-9_.:]*)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** parseXML reads an XML document into a tree. */
export function parseXML(src: string): XDocument {
  const top: XElement = { name: "#document", attrs: {}, children: [], line: 0 };
  const stack: XElement[] = [top];
  let ok = true;
  let i = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (src.charCodeAt(k) === 10) line++;
    i = to;
  };
  const addText = (t: string) => {
    if (t === "") return;
    const parent = stack[stack.length - 1];
    const last = parent.children[parent.children.length - 1];
    if (typeof last === "string") parent.children[parent.children.length - 1] = last + t;
    else parent.children.push(t);
  };

  while (i < src.length) {
    const lt = src.indexOf("<", i);
    if (lt < 0) {
      addText(decodeEntities(src.slice(i)));
      advance(src.length);
      break;
    }
    if (lt > i) {
      addText(decodeEntities(src.slice(i, lt)));
      advance(lt);
    }
    if (src.startsWith("<!--", i)) {
      const end = src.indexOf("-->", i + 4);
      if (end < 0) {
        ok = false;
        advance(src.length);
        break;
      }
      advance(end + 3);
      continue;
    }
    if (src.startsWith("<![CDATA[", i)) {
      const end = src.indexOf("]]>", i + 9);
      if (end < 0) {
        ok = false;
        addText(src.slice(i + 9));
        advance(src.length);
        break;
      }
      addText(src.slice(i + 9, end));
      advance(end + 3);
      continue;
    }
    if (src.startsWith("<?", i) || src.startsWith("<!", i)) {
      const end = src.indexOf(">", i);
      advance(end < 0 ? src.length : end + 1);
      continue;
    }
    const end = findTagEnd(src, i);
    if (end < 0) {
      // "<" that opens no tag: text, as a lenient reader would show it.
      ok = false;
      addText(src.slice(i));
      advance(src.length);
      break;
    }
    const inner = src.slice(i + 1, end);
    const startLine = line;
    advance(end + 1);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim();
      let k = stack.length - 1;
      while (k > 0 && stack[k].name !== name) k--;
      if (k === 0) {
        ok = false; // a closing tag nothing opened
        continue;
      }
      if (k !== stack.length - 1) ok = false; // elements left open
      stack.length = k;
      continue;
    }
    const m = nameRe.exec(inner);
    if (!m) {
      ok = false;
      addText("<" + inner + ">");
      continue;
    }
    const selfClosing = inner.endsWith("/");
    const attrs: Record<string, string> = {};
    const attrText = inner.slice(m[0].length, selfClosing ? -1 : undefined);
    for (const a of attrText.matchAll(attrRe)) attrs[a[1]] = decodeEntities(a[3] ?? a[4] ?? "");
    const el: XElement = { name: m[0], attrs, children: [], line: startLine };
    stack[stack.length - 1].children.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (stack.length > 1) ok = false;
  const roots = top.children.filter((c): c is XElement => typeof c !== "string");
  if (roots.length !== 1) ok = false;
  return { root: roots[0] ?? null, wellFormed: ok };
}

// findTagEnd returns the index of the ">" that ends the tag opened at i,
// skipping quoted attribute values, or -1.
function findTagEnd(src: string, i: number): number {
  let quote = "";
  for (let k = i + 1; k < src.length; k++) {
    const c = src[k];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ">") {
      return k;
    } else if (c === "<") {
      return -1;
    }
  }
  return -1;
}

/** elements returns the element children of el. */
export function elements(el: XElement): XElement[] {
  return el.children.filter((c): c is XElement => typeof c !== "string");
}

/** textOf returns all the text inside el. */
export function textOf(el: XElement): string {
  return el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}

/** child returns the first child element named name. */
export function child(el: XElement, name: string): XElement | undefined {
  return elements(el).find((e) => e.name === name);
}
