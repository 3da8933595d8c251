// The result: the spec files as they are on disk, checked by the server
// now. app_spec.txt is shown as an outline of collapsible sections, with
// the feature count and the categories summarised; initializer_prompt.md
// as Markdown. Both can be seen raw and downloaded.

import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api } from "../api";
import { Markdown } from "../markdown/Markdown";
import type { SpecFiles } from "../protocol";
import { bullets, dedent, humanize, summarize } from "../spec/summary";
import { elements, type XElement, type XNode } from "../spec/xml";
import { ExportMenu } from "./ExportMenu";

type Tab = "app_spec" | "initializer";

export function SpecPanel({ name, version, onHasSpec }: { name: string; version: number; onHasSpec: (has: boolean) => void }) {
  const [files, setFiles] = useState<SpecFiles | null>(null);
  const [error, setError] = useState("");
  const [tab, setTab] = useState<Tab>("app_spec");
  const [raw, setRaw] = useState(false);

  useEffect(() => {
    let live = true;
    api.spec(name).then(
      (f) => {
        if (!live) return;
        setFiles(f);
        setError("");
        onHasSpec(f.app_spec !== null || f.initializer_prompt !== null);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [name, version]);

  const summary = useMemo(() => (files?.app_spec ? summarize(files.app_spec) : null), [files?.app_spec]);

  if (error) {
    return (
      <p class="alert alert-error" role="alert">
        Could not read the spec files: {error}
      </p>
    );
  }
  if (!files) return <p class="muted">Loading the spec…</p>;
  if (files.app_spec === null && files.initializer_prompt === null) {
    return <p class="muted">No spec files yet. They appear here as soon as the interviewer writes them.</p>;
  }

  const report = files.report;
  const server = report.spec;
  const count = server?.feature_count || summary?.featureCount || null;
  const categories = (server?.categories && server.categories.length > 0 ? server.categories : summary?.categories) ?? [];
  const errors = report.problems.filter((p) => p.severity === "error");
  const warnings = report.problems.filter((p) => p.severity === "warning");
  const fileName = tab === "app_spec" ? "app_spec.txt" : "initializer_prompt.md";
  const content = tab === "app_spec" ? files.app_spec : files.initializer_prompt;

  return (
    <div class="spec" data-testid="spec-panel">
      <ExportMenu name={name} ready={files.app_spec !== null} />
      <section class="spec-summary card" aria-labelledby="spec-summary-h">
        <h3 id="spec-summary-h" class="spec-title">
          {server?.project_name || summary?.projectName || name}
        </h3>
        <p class="spec-verdict">
          {report.ok ? (
            <span class="badge badge-complete" data-testid="spec-ok">
              ✓ Checked: both files pass
            </span>
          ) : (
            <span class="badge badge-error" data-testid="spec-problems">
              {errors.length} {errors.length === 1 ? "problem" : "problems"} to fix
            </span>
          )}
          {warnings.length > 0 ? (
            <span class="badge badge-warning">
              {warnings.length} {warnings.length === 1 ? "warning" : "warnings"}
            </span>
          ) : null}
        </p>
        {count ? (
          <p class="spec-count" data-testid="feature-count">
            <strong>{count}</strong> features
            {categories.length > 0 ? (
              <>
                {" "}
                in <strong>{categories.length}</strong> {categories.length === 1 ? "category" : "categories"}
              </>
            ) : null}
          </p>
        ) : null}
        {categories.length > 0 ? (
          <ul class="categories" aria-label="Feature categories">
            {categories.map((c) => (
              <li key={c.name}>
                <span>{humanize(c.name)}</span> <span class="cat-n">{c.features.length}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {server?.overview ? <p class="spec-overview">{server.overview}</p> : null}
      </section>

      {report.problems.length > 0 ? (
        <section class="card problems" aria-labelledby="problems-h">
          <h3 id="problems-h">What the check found</h3>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i} class={`problem problem-${p.severity}`}>
                <span class="problem-where">
                  {p.file}
                  {p.line ? `:${p.line}` : ""}
                </span>{" "}
                <span class="problem-sev">{p.severity}</span>: {p.message}
                {p.hint ? <span class="problem-hint"> ({p.hint})</span> : null}
              </li>
            ))}
          </ul>
          <p class="hint">Ask for a fix in the conversation; the files are checked again after each change.</p>
        </section>
      ) : null}

      <div class="tabs" role="tablist" aria-label="Spec files">
        {(
          [
            ["app_spec", "app_spec.txt"],
            ["initializer", "initializer_prompt.md"],
          ] as [Tab, string][]
        ).map(([t, label]) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            class={`tab ${tab === t ? "tab-on" : ""}`}
            onClick={() => setTab(t)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                const next: Tab = t === "app_spec" ? "initializer" : "app_spec";
                setTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div class="tabpanel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        <div class="toolbar">
          <button type="button" class="btn btn-small" aria-pressed={raw} onClick={() => setRaw(!raw)}>
            {raw ? "Formatted" : "Raw text"}
          </button>
          <button
            type="button"
            class="btn btn-small"
            disabled={content === null}
            onClick={() => content !== null && download(fileName, content)}
            data-testid={`download-${tab}`}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" class="btn-icon">
              <path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19.5h14" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
            </svg>
            Download {fileName}
          </button>
        </div>
        {content === null ? (
          <p class="muted">{fileName} has not been written yet.</p>
        ) : raw ? (
          <pre class="raw" tabIndex={0} data-testid="raw">
            {content}
          </pre>
        ) : tab === "app_spec" ? (
          summary && summary.sections.length > 0 ? (
            <Outline sections={summary.sections} />
          ) : (
            <>
              <p class="alert alert-warning">This file could not be read as a spec; here it is as written.</p>
              <pre class="raw" tabIndex={0}>
                {content}
              </pre>
            </>
          )
        ) : (
          <Markdown text={content} class="md-doc" />
        )}
      </div>
    </div>
  );
}

function download(fileName: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: "text/plain;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const openByDefault = new Set(["overview", "core_features"]);

function Outline({ sections }: { sections: XElement[] }) {
  const [open, setOpen] = useState<Set<number>>(
    () => new Set(sections.map((s, i) => (openByDefault.has(s.name) ? i : -1)).filter((i) => i >= 0)),
  );
  const toggle = (i: number, on: boolean) =>
    setOpen((o) => {
      if (o.has(i) === on) return o;
      const n = new Set(o);
      if (on) n.add(i);
      else n.delete(i);
      return n;
    });
  return (
    <div class="outline" data-testid="outline">
      <div class="toolbar toolbar-end">
        <button type="button" class="btn btn-small btn-ghost" onClick={() => setOpen(new Set(sections.map((_, i) => i)))}>
          Expand all
        </button>
        <button type="button" class="btn btn-small btn-ghost" onClick={() => setOpen(new Set())}>
          Collapse all
        </button>
      </div>
      {sections.map((s, i) => (
        <details
          key={`${s.name}-${i}`}
          class="sec"
          open={open.has(i)}
          onToggle={(e) => toggle(i, (e.currentTarget as HTMLDetailsElement).open)}
          data-section={s.name}
        >
          <summary>
            <span class="sec-name">{humanize(s.name)}</span>
            <span class="sec-meta">{sectionMeta(s)}</span>
          </summary>
          <div class="sec-body">{renderBody(s, 0)}</div>
        </details>
      ))}
    </div>
  );
}

// sectionMeta is the short fact shown beside a section's name.
function sectionMeta(s: XElement): string {
  const kids = elements(s);
  if (s.name === "feature_count") return textOnly(s).trim();
  if (s.name === "project_name") return textOnly(s).trim();
  if (s.name === "core_features") {
    const n = kids.reduce((a, k) => a + bullets(textOnly(k)).length, 0);
    return `${n} features · ${kids.length} categories`;
  }
  if (kids.length > 0) return `${kids.length} ${kids.length === 1 ? "part" : "parts"}`;
  const b = bullets(textOnly(s)).length;
  return b > 0 ? `${b} items` : "";
}

function textOnly(el: XElement): string {
  return el.children.map((c) => (typeof c === "string" ? c : textOnly(c))).join("");
}

function label(el: XElement): string {
  const attrs = Object.values(el.attrs).filter((v) => v.trim() !== "");
  return attrs.length > 0 ? `${humanize(el.name)}: ${attrs.join(", ")}` : humanize(el.name);
}

function renderBody(el: XElement, depth: number): JSX.Element[] {
  const out: JSX.Element[] = [];
  el.children.forEach((c: XNode, i) => {
    if (typeof c === "string") {
      if (c.trim() !== "") out.push(<TextBlock key={`t${i}`} text={c} />);
      return;
    }
    const hasKids = elements(c).length > 0;
    if (!hasKids) {
      const t = textOnly(c);
      const multi = dedent(t).includes("\n");
      out.push(
        <div key={`e${i}`} class={`kv ${multi ? "kv-block" : ""}`}>
          <span class="k">{label(c)}</span>
          <div class="v">{t.trim() === "" ? <span class="muted">—</span> : <TextBlock text={t} />}</div>
        </div>,
      );
      return;
    }
    const Tag = depth === 0 ? "h4" : "h5";
    out.push(
      <div key={`e${i}`} class={`group group-${Math.min(depth, 2)}`}>
        <Tag class="group-name">{label(c)}</Tag>
        {depth < 8 ? renderBody(c, depth + 1) : <TextBlock text={textOnly(c)} />}
      </div>,
    );
  });
  return out;
}

// TextBlock shows spec text: "- " lines as a list, other lines as paragraphs.
function TextBlock({ text }: { text: string }) {
  const lines = dedent(text).split("\n");
  const parts: JSX.Element[] = [];
  let list: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (list.length) parts.push(<ul key={`l${parts.length}`}>{list.map((l, i) => <li key={i}>{l}</li>)}</ul>);
    if (para.length) parts.push(<p key={`p${parts.length}`}>{para.join(" ")}</p>);
    list = [];
    para = [];
  };
  for (const raw of lines) {
    const l = raw.trim();
    const b = /^[-*•]\s+(.*)$/.exec(l);
    if (b) {
      if (para.length) flush();
      list.push(b[1]);
    } else if (l === "") {
      flush();
    } else {
      if (list.length) flush();
      para.push(l);
    }
  }
  flush();
  return <>{parts}</>;
}
