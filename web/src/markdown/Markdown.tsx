// Renders the tree of parse.ts as Preact elements. Everything from the
// input becomes a text node or an attribute Preact sets through the DOM;
// nothing is ever assigned as HTML. Links open in a new tab with no
// referrer and no opener; inert links (unsafe or relative destinations)
// and images are shown as text.

import type { ComponentChildren, JSX } from "preact";
import { useMemo } from "preact/hooks";
import { CodeBlock } from "./CodeBlock";
import { parse, plainText, type Block, type Inline } from "./parse";

// Options says how text is drawn: in chat every line break is kept (the
// model writes lines); in a document (softBreaks) a single line break is
// a space, as in CommonMark, and only a hard break starts a new line.
interface Options {
  softBreaks: boolean;
}

export function Markdown({ text, class: cls, softBreaks = false }: { text: string; class?: string; softBreaks?: boolean }) {
  const blocks = useMemo(() => parse(text), [text]);
  const o: Options = { softBreaks };
  return <div class={cls ? `md ${cls}` : "md"}>{blocks.map((b, i) => renderBlock(b, i, o))}</div>;
}

function renderBlock(b: Block, key: number, o: Options): JSX.Element {
  switch (b.t) {
    case "p":
      return <p key={key}>{inlines(b.c, o)}</p>;
    case "h": {
      // Headings inside a message are demoted so that the page's own
      // outline (h1 the app, h2 the screen) stays intact.
      const level = Math.min(6, b.level + 2);
      const Tag = `h${level}` as "h3";
      return (
        <Tag key={key} class={`md-h md-h${b.level}`}>
          {inlines(b.c, o)}
        </Tag>
      );
    }
    case "code":
      return <CodeBlock key={key} lang={b.lang} text={b.text} />;
    case "quote":
      return <blockquote key={key}>{b.c.map((x, i) => renderBlock(x, i, o))}</blockquote>;
    case "list": {
      const items = b.items.map((item, i) => <li key={i}>{item.map((x, j) => renderBlock(x, j, o))}</li>);
      return b.ordered ? (
        <ol key={key} start={b.start !== 1 ? b.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case "hr":
      return <hr key={key} />;
    case "table":
      return (
        <div key={key} class="md-table" tabIndex={0}>
          <table>
            <thead>
              <tr>
                {b.head.map((c, i) => (
                  <th key={i} class={b.align[i] ? `al-${b.align[i]}` : undefined} scope="col">
                    {inlines(c, o)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((c, i) => (
                    <td key={i} class={b.align[i] ? `al-${b.align[i]}` : undefined}>
                      {inlines(c, o)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

function inlines(nodes: Inline[], o: Options): ComponentChildren {
  return nodes.map((n, i) => renderInline(n, i, o));
}

function renderInline(n: Inline, key: number, o: Options): ComponentChildren {
  switch (n.t) {
    case "text":
      return n.v;
    case "br":
      return n.soft && o.softBreaks ? " " : <br key={key} />;
    case "code":
      return <code key={key}>{n.v}</code>;
    case "em":
      return <em key={key}>{inlines(n.c, o)}</em>;
    case "strong":
      return <strong key={key}>{inlines(n.c, o)}</strong>;
    case "del":
      return <del key={key}>{inlines(n.c, o)}</del>;
    case "img":
      return (
        <span key={key} class="md-img" title="Images from the conversation are not loaded">
          {n.alt ? `[image: ${n.alt}]` : "[image]"}
        </span>
      );
    case "link":
      if (n.href === null) {
        return (
          <span key={key} class="md-inert" title="Link not opened: only web and mail links are allowed">
            {inlines(n.c, o)}
          </span>
        );
      }
      return (
        <a
          key={key}
          href={n.href}
          target="_blank"
          rel="noopener noreferrer nofollow"
          referrerpolicy="no-referrer"
          title={n.href !== plainText(n.c) ? n.href : undefined}
        >
          {inlines(n.c, o)}
        </a>
      );
  }
}
