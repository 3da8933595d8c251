// The project's spec versions: the list, with restore, and a comparison
// of any two, part by part, from the server's semantic diff.

import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { Hunk, SessionInfo, Version, VersionDiff } from "../protocol";
import { linkClick } from "../router";
import { changeSummary, humanize } from "../spec/model";
import { relativeTime } from "../time";
import { ConfirmDialog } from "./ConfirmDialog";

export function VersionList({
  name,
  versions,
  canRestore,
  onRestored,
  onCompare,
}: {
  name: string;
  versions: Version[];
  canRestore: boolean;
  onRestored: () => void;
  onCompare: (from: number, to: number) => void;
}) {
  const [asking, setAsking] = useState<number | null>(null);
  const [error, setError] = useState("");
  const latest = versions.length ? versions[versions.length - 1].number : 0;
  const restore = async (n: number) => {
    setAsking(null);
    setError("");
    try {
      await api.restore(name, n);
      onRestored();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (versions.length === 0) return <p class="muted">No version yet: one is kept each time the spec passes the checks.</p>;
  return (
    <div class="versions" data-testid="versions">
      {error ? (
        <p class="alert alert-error" role="alert">
          Could not restore: {error}
        </p>
      ) : null}
      <ol class="version-list" reversed>
        {[...versions].reverse().map((v) => (
          <li key={v.number} class="version-row" data-version={v.number}>
            <span class="version-n">v{v.number}</span>
            <span class="version-facts">
              <time dateTime={v.created_at} title={new Date(v.created_at).toLocaleString()}>
                {relativeTime(v.created_at)}
              </time>{" "}
              · {v.features} features · readiness {v.score}
              {v.restored_from ? <> · restores v{v.restored_from}</> : null}
              {v.number === latest ? <span class="badge badge-complete badge-tiny">current</span> : null}
            </span>
            <span class="version-actions">
              {v.number > 1 ? (
                <button type="button" class="btn btn-small btn-ghost" onClick={() => onCompare(v.number - 1, v.number)}>
                  Changes
                </button>
              ) : null}
              {v.number !== latest ? (
                <button type="button" class="btn btn-small" disabled={!canRestore} onClick={() => setAsking(v.number)} data-testid={`restore-${v.number}`}>
                  Restore
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
      <ConfirmDialog
        open={asking !== null}
        title={`Restore version ${asking ?? ""}?`}
        confirm="Restore"
        onCancel={() => setAsking(null)}
        onConfirm={() => asking !== null && restore(asking)}
      >
        <p>
          The files of version {asking} are written back into the project folder and checked again. They become version {latest + 1}; every
          version stays in this list, so nothing is lost.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** Compare picks two versions and shows what changed between them. */
export function Compare({ name, versions, from, to, onPick }: { name: string; versions: Version[]; from: number; to: number; onPick: (from: number, to: number) => void }) {
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    let live = true;
    setDiff(null);
    api.diff(name, from, to).then(
      (d) => live && (setDiff(d), setError("")),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [name, from, to]);
  const pick = (which: "from" | "to") => (e: Event) => {
    const n = Number((e.currentTarget as HTMLSelectElement).value);
    if (which === "from") onPick(n, to);
    else onPick(from, n);
  };
  return (
    <section class="compare" aria-labelledby="compare-h" data-testid="compare">
      <h3 id="compare-h">Compare versions</h3>
      <div class="compare-pick">
        <label>
          From{" "}
          <select value={from} onChange={pick("from")} data-testid="compare-from">
            {versions.map((v) => (
              <option key={v.number} value={v.number}>
                v{v.number}
              </option>
            ))}
          </select>
        </label>
        <label>
          to{" "}
          <select value={to} onChange={pick("to")} data-testid="compare-to">
            {versions.map((v) => (
              <option key={v.number} value={v.number}>
                v{v.number}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? <p class="alert alert-error">{error}</p> : diff ? <DiffView d={diff} /> : <p class="muted">Comparing…</p>}
    </section>
  );
}

function Change({ op, children }: { op: "+" | "-" | "~"; children: preact.ComponentChildren }) {
  const cls = op === "+" ? "added" : op === "-" ? "removed" : "changed";
  const word = op === "+" ? "added" : op === "-" ? "removed" : "changed";
  return (
    <li class={`chg chg-${cls}`}>
      <span class="chg-op" aria-label={word}>
        {op === "~" ? "±" : op === "-" ? "−" : "+"}
      </span>{" "}
      {children}
    </li>
  );
}

export function DiffView({ d }: { d: VersionDiff }) {
  const x = d.diff;
  const f = x.features;
  const groups: [string, preact.ComponentChildren[]][] = [];
  const feats = [
    ...f.added.map((r) => (
      <Change key={`a${r.id ?? r.name}`} op="+">
        {r.id ? <code>{r.id}</code> : null} {r.name} <span class="muted">({humanize(r.category)})</span>
      </Change>
    )),
    ...f.changed.map((c) => (
      <Change key={`c${c.id ?? c.name}`} op="~">
        {c.id ? <code>{c.id}</code> : null} {c.name}: <span class="muted">{c.fields.join(", ")}</span>
        {c.fields.includes("description") ? (
          <div class="chg-detail">
            <del>{c.before.description}</del>
            <ins>{c.after.description}</ins>
          </div>
        ) : null}
      </Change>
    )),
    ...f.removed.map((r) => (
      <Change key={`r${r.id ?? r.name}`} op="-">
        {r.id ? <code>{r.id}</code> : null} {r.name} <span class="muted">({humanize(r.category)})</span>
      </Change>
    )),
  ];
  groups.push(["Features", feats]);
  const simple = (added: string[], removed: string[], changed: string[]) => [
    ...added.map((a) => <Change key={`a${a}`} op="+">{a}</Change>),
    ...changed.map((a) => <Change key={`c${a}`} op="~">{a}</Change>),
    ...removed.map((a) => <Change key={`r${a}`} op="-">{a}</Change>),
  ];
  groups.push(["Categories", simple(x.categories.added, x.categories.removed, x.categories.renamed.map((r) => `${r.from} → ${r.to}`))]);
  groups.push([
    "Database tables",
    simple(
      x.tables.added,
      x.tables.removed,
      x.tables.changed.map((t) => `${t.name}: ${[...t.fields_added.map((n) => `+${n}`), ...t.fields_changed.map((c) => `±${c.name}`), ...t.fields_removed.map((n) => `−${n}`)].join(" ")}`),
    ),
  ]);
  groups.push(["Endpoints", simple(x.endpoints.added, x.endpoints.removed, x.endpoints.changed.map((c) => c.name))]);
  groups.push([
    "Roles",
    simple(
      x.roles.added,
      x.roles.removed,
      x.roles.changed.map((r) => `${r.name}: ${[...r.permissions_added.map((p) => `+${p}`), ...r.permissions_removed.map((p) => `−${p}`)].join("; ")}`),
    ),
  ]);
  groups.push(["Technology stack", x.stack.map((s) => <Change key={s.name} op={s.before === "" ? "+" : s.after === "" ? "-" : "~"}>{`${s.name}: ${s.before || "—"} → ${s.after || "—"}`}</Change>)]);
  const shown = groups.filter(([, items]) => items.length > 0);
  return (
    <div class="diff" data-testid="diff">
      <p class="diff-summary" data-testid="diff-summary">
        <strong>
          v{d.from} → v{d.to}:
        </strong>{" "}
        {changeSummary(d)}
      </p>
      {shown.length === 0 && x.sections.length === 0 && x.files.length === 0 ? <p class="muted">The two versions say the same.</p> : null}
      {shown.map(([title, items]) => (
        <div key={title} class="diff-group">
          <h4>{title}</h4>
          <ul class="chg-list">{items}</ul>
        </div>
      ))}
      {x.sections.map((s) => (
        <div key={s.name} class="diff-group">
          <h4>{humanize(s.name)}</h4>
          <Hunks hunks={s.hunks} />
        </div>
      ))}
      {x.files.map((s) => (
        <div key={s.name} class="diff-group">
          <h4>
            <code>{s.name}</code>
          </h4>
          <Hunks hunks={s.hunks} />
        </div>
      ))}
    </div>
  );
}

function Hunks({ hunks }: { hunks: Hunk[] }) {
  return (
    <pre class="hunks" tabIndex={0}>
      {hunks.map((h, i) => (
        <span key={i} class="hunk">
          <span class="hunk-at">
            @@ line {h.old_line} → {h.new_line}
            {"\n"}
          </span>
          {h.lines.map((l, j) => (
            <span key={j} class={`ln ln-${l.op === "+" ? "add" : l.op === "-" ? "del" : "ctx"}`}>
              {l.op === " " ? " " : l.op} {l.text}
              {"\n"}
            </span>
          ))}
        </span>
      ))}
    </pre>
  );
}

/** SessionList lists the project's interviews; the earlier ones open read-only. */
export function SessionList({ name, current }: { name: string; current: number | null }) {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  useEffect(() => {
    api.sessions(name).then(setSessions, () => setSessions([]));
  }, [name, current]);
  if (!sessions || sessions.length === 0) return null;
  return (
    <section class="sessions" aria-labelledby="sessions-h">
      <h3 id="sessions-h">Interviews of this project</h3>
      <ul class="session-list" data-testid="sessions">
        {[...sessions].reverse().map((s) => (
          <li key={s.id}>
            {s.status === "active" ? (
              <span>
                The current interview <span class="muted">· started {relativeTime(s.created_at)}</span>
              </span>
            ) : (
              <a href={`/p/${encodeURIComponent(name)}/s/${s.id}`} onClick={linkClick} data-session={s.id}>
                Interview {s.id} ({s.status}) <span class="muted">· started {relativeTime(s.created_at)}</span>
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
