// The result: the spec files as they are on disk, checked by the server
// now, drawn from the server's model of them (report.spec): the
// readiness score and what lowered it, the outline with feature IDs and
// acceptance criteria, what the last revision changed, and the project's
// versions with restore and comparison. Both files can be seen raw,
// copied and downloaded.

import { useEffect, useMemo, useState } from "preact/hooks";
import { api } from "../api";
import { Markdown } from "../markdown/Markdown";
import type { Origin, Provenance, SpecFiles, Version, VersionDiff } from "../protocol";
import { categoryFeatures, changeSummary, humanize, marks } from "../spec/model";
import { CopyButton } from "./CopyButton";
import { SpecOutline } from "./SpecOutline";
import { Compare, SessionList, VersionList } from "./Versions";
import { ExportMenu } from "./ExportMenu";

type Tab = "app_spec" | "initializer" | "versions";

export interface SpecPanelProps {
  name: string;
  version: number; // bumped whenever the files may have changed
  onHasSpec: (has: boolean) => void;
  onJump?: (o: Origin) => void;
  canRestore?: boolean;
  sessionId?: number | null;
}

export function SpecPanel({ name, version, onHasSpec, onJump, canRestore = true, sessionId = null }: SpecPanelProps) {
  const [files, setFiles] = useState<SpecFiles | null>(null);
  const [versions, setVersions] = useState<Version[]>([]);
  const [last, setLast] = useState<VersionDiff | null>(null);
  const [prov, setProv] = useState<Provenance | null>(null);
  const [error, setError] = useState("");
  const [tab, setTab] = useState<Tab>("app_spec");
  const [raw, setRaw] = useState(false);
  const [compare, setCompare] = useState<[number, number] | null>(null);
  const [bump, setBump] = useState(0);

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
    api.versions(name).then(
      (vs) => {
        if (!live) return;
        setVersions(vs);
        if (vs.length >= 2) {
          const to = vs[vs.length - 1].number;
          api.diff(name, vs[vs.length - 2].number, to).then((d) => live && setLast(d), () => live && setLast(null));
        } else setLast(null);
        if (vs.length >= 1) api.provenance(name).then((p) => live && setProv(p), () => live && setProv(null));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [name, version, bump]);

  const changed = useMemo(() => marks(last), [last]);

  if (error) {
    return (
      <p class="alert alert-error" role="alert">
        Could not read the spec files: {error}
      </p>
    );
  }
  if (!files) return <p class="muted">Loading the spec…</p>;
  if (files.app_spec === null && files.initializer_prompt === null && versions.length === 0) {
    return <p class="muted">No spec files yet. They appear here as soon as the interviewer writes them.</p>;
  }

  const report = files.report;
  const model = report.spec;
  const categories = model?.categories ?? [];
  const features = categories.reduce((n, c) => n + categoryFeatures(c).length, 0);
  const count = model?.feature_count || features || null;
  const errors = report.problems.filter((p) => p.severity === "error");
  const warnings = report.problems.filter((p) => p.severity === "warning");
  const fileName = tab === "initializer" ? "initializer_prompt.md" : "app_spec.txt";
  const content = tab === "initializer" ? files.initializer_prompt : files.app_spec;
  const openCompare = (from: number, to: number) => {
    setCompare([from, to]);
    setTab("versions");
  };

  return (
    <div class="spec" data-testid="spec-panel">
      <ExportMenu name={name} ready={files.app_spec !== null} />
      <section class="spec-summary card" aria-labelledby="spec-summary-h">
        <div class="spec-head">
          <h3 id="spec-summary-h" class="spec-title">
            {model?.project_name || name}
          </h3>
          {/* The Export menu goes in this slot. */}
          <div class="spec-head-actions" data-slot="export" />
        </div>
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
          <span class={`badge badge-score ${report.score >= 80 ? "score-good" : report.score >= 50 ? "score-fair" : "score-poor"}`} data-testid="score">
            Readiness {report.score}/100
          </span>
        </p>
        {report.score_reasons.length > 0 ? (
          <details class="score-reasons">
            <summary>What lowered the score</summary>
            <ul>
              {report.score_reasons.map((r, i) => (
                <li key={i}>
                  {r.text} <span class="muted">({r.points})</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
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
                <span>{humanize(c.name)}</span> <span class="cat-n">{categoryFeatures(c).length}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {files.folder ? (
          <p class="spec-folder small">
            Written to <code data-testid="folder">{files.folder}/prompts/</code>
          </p>
        ) : null}
      </section>

      {last ? (
        <section class="card change-summary" aria-label="What the last revision changed" data-testid="change-summary">
          <p>
            <strong>
              Version {last.to}
              {versions.length && versions[versions.length - 1].restored_from ? ` (restores v${versions[versions.length - 1].restored_from})` : ""}:
            </strong>{" "}
            {changeSummary(last)}
          </p>
          <button type="button" class="btn btn-small" onClick={() => openCompare(last.from, last.to)} data-testid="compare-open">
            Compare versions
          </button>
        </section>
      ) : null}

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
            ["versions", `Versions${versions.length ? ` (${versions.length})` : ""}`],
          ] as [Tab, string][]
        ).map(([t, label], i, all) => (
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
            data-testid={`tab-${t}`}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                const next = all[(i + (e.key === "ArrowRight" ? 1 : all.length - 1)) % all.length][0];
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
        {tab === "versions" ? (
          <>
            {compare && versions.length >= 2 ? (
              <Compare name={name} versions={versions} from={compare[0]} to={compare[1]} onPick={(a, b) => setCompare([a, b])} />
            ) : versions.length >= 2 ? (
              <button type="button" class="btn btn-small" onClick={() => setCompare([versions[versions.length - 2].number, versions[versions.length - 1].number])}>
                Compare versions
              </button>
            ) : null}
            <VersionList name={name} versions={versions} canRestore={canRestore} onRestored={() => setBump((n) => n + 1)} onCompare={openCompare} />
            <SessionList name={name} current={sessionId} />
          </>
        ) : (
          <>
            <div class="toolbar">
              <button type="button" class="btn btn-small" aria-pressed={raw} onClick={() => setRaw(!raw)}>
                {raw ? "Formatted" : "Raw text"}
              </button>
              <CopyButton text={content} label={`Copy ${fileName}`} class="btn btn-small" testid={`copy-${tab}`} />
              <button type="button" class="btn btn-small" disabled={content === null} onClick={() => content !== null && download(fileName, content)} data-testid={`download-${tab}`}>
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
              model ? (
                <SpecOutline project={name} spec={model} marks={changed} provenance={prov} onJump={onJump} />
              ) : (
                <>
                  <p class="alert alert-warning">This file could not be read as a spec; here it is as written.</p>
                  <pre class="raw" tabIndex={0}>
                    {content}
                  </pre>
                </>
              )
            ) : (
              <Markdown text={content} class="md-doc" softBreaks />
            )}
          </>
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
