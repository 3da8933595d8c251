// The outline of app_spec.txt, drawn from the server's model of it:
// collapsible sections whose open state is kept per project for the tab
// (so a revision, a reload or a reconnect keeps what was open), features
// with their IDs and acceptance criteria, the ones the last revision
// added or changed highlighted, each with a link to the moment of the
// interview it came from.

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { categoryFeatures, featureKey, humanize, loadOpen, outlineKey, parts, sectionLabel, type Mark } from "../spec/model";
import type { Feature, Origin, Provenance, Section, SpecModel } from "../protocol";

export interface OutlineProps {
  project: string;
  spec: SpecModel;
  marks: Map<string, Mark>;
  provenance: Provenance | null;
  onJump?: (o: Origin) => void;
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function SpecOutline({ project, spec, marks, provenance, onJump }: OutlineProps) {
  const [open, setOpen] = useState<Set<string>>(() => loadOpen(storage(), project));
  const keep = (next: Set<string>) => {
    setOpen(next);
    try {
      storage()?.setItem(outlineKey(project), JSON.stringify([...next]));
    } catch {
      // a full or disabled storage only loses the memory of the outline
    }
  };
  const toggle = (key: string, on: boolean) => {
    if (open.has(key) === on) return;
    const n = new Set(open);
    if (on) n.add(key);
    else n.delete(key);
    keep(n);
  };
  const ps = parts(spec);
  const origins = new Map((provenance?.features ?? []).map((f) => [featureKey(f), f]));
  return (
    <div class="outline" data-testid="outline">
      <div class="toolbar toolbar-end">
        <button type="button" class="btn btn-small btn-ghost" onClick={() => keep(new Set(ps.map((p) => p.key)))}>
          Expand all
        </button>
        <button type="button" class="btn btn-small btn-ghost" onClick={() => keep(new Set())}>
          Collapse all
        </button>
      </div>
      {ps.map((p) => (
        <details key={p.key} class="sec" open={open.has(p.key)} onToggle={(e) => toggle(p.key, (e.currentTarget as HTMLDetailsElement).open)} data-section={p.key}>
          <summary>
            <span class="sec-name">{p.title}</span>
            <span class="sec-meta">{p.meta}</span>
          </summary>
          <div class="sec-body">{body(p.key, spec, marks, origins, onJump)}</div>
        </details>
      ))}
    </div>
  );
}

type Origins = Map<string, Provenance["features"][number]>;

function body(key: string, s: SpecModel, marks: Map<string, Mark>, origins: Origins, onJump?: (o: Origin) => void): JSX.Element | JSX.Element[] {
  switch (key) {
    case "overview":
      return <p>{s.overview}</p>;
    case "technology_stack":
      return <Sections secs={s.technology_stack ?? []} />;
    case "prerequisites":
      return <Sections secs={s.prerequisites ?? []} />;
    case "security_and_access_control":
      return (
        <>
          {(s.security.roles ?? []).map((r) => (
            <div key={r.name} class="group group-0">
              <h4 class="group-name">Role: {r.name}</h4>
              <Lines lines={r.permissions ?? []} />
              {r.protected_routes?.length ? (
                <div class="kv">
                  <span class="k">Protected routes</span>
                  <div class="v">
                    <Lines lines={r.protected_routes} />
                  </div>
                </div>
              ) : null}
            </div>
          ))}
          <Sections secs={s.security.authentication ?? []} />
          {s.security.sensitive_operations?.length ? (
            <div class="kv kv-block">
              <span class="k">Sensitive operations</span>
              <div class="v">
                <Lines lines={s.security.sensitive_operations} />
              </div>
            </div>
          ) : null}
          <Sections secs={s.security.other ?? []} />
        </>
      );
    case "core_features":
      return (s.categories ?? []).map((c) => (
        <div key={c.name} class="group group-0 category" data-category={c.name}>
          <h4 class="group-name">
            {humanize(c.name)} <span class="cat-n">{categoryFeatures(c).length}</span>
          </h4>
          <ul class="features">
            {categoryFeatures(c).map((f, i) => (
              <FeatureItem key={`${featureKey(f)}-${i}`} f={f} mark={marks.get(featureKey(f))} origin={origins.get(featureKey(f))} onJump={onJump} />
            ))}
          </ul>
        </div>
      ));
    case "database_schema":
      return (s.tables ?? []).map((t) => (
        <div key={t.name} class="group group-0">
          <h4 class="group-name">{t.name}</h4>
          <ul class="fields">
            {(t.fields ?? []).map((f) => (
              <li key={f.name}>
                <code>{f.name}</code>
                {f.type ? <span class="muted"> {f.type}</span> : null}
                {f.required ? <span class="tag">required</span> : null}
                {f.references ? <span class="tag">→ {f.references}</span> : null}
                {f.notes ? <span> {f.notes}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ));
    case "api_endpoints_summary":
      return (s.api_areas ?? []).map((a) => (
        <div key={a.name} class="group group-0">
          <h4 class="group-name">{humanize(a.name)}</h4>
          <ul class="endpoints">
            {(a.endpoints ?? []).map((e, i) => (
              <li key={i}>
                <code class={`verb verb-${e.method.toLowerCase()}`}>{e.method}</code> <code>{e.path}</code>
                {e.description ? <span> {e.description}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ));
    case "ui_layout":
      return <Sections secs={s.ui_layout ?? []} />;
    case "design_system":
      return <Sections secs={s.design_system ?? []} />;
    case "implementation_steps":
      return (
        <ol class="steps">
          {(s.implementation_steps ?? []).map((st, i) => (
            <li key={i} value={st.number || undefined}>
              <strong>{st.title}</strong>
              <Lines lines={st.tasks ?? []} />
            </li>
          ))}
        </ol>
      );
    case "success_criteria":
      return <Sections secs={s.success_criteria ?? []} />;
    default: {
      const x = (s.extra ?? []).find((e) => `extra:${e.name}` === key);
      return x ? <Sections secs={[x]} /> : <></>;
    }
  }
}

function FeatureItem({ f, mark, origin, onJump }: { f: Feature; mark?: Mark; origin?: Provenance["features"][number]; onJump?: (o: Origin) => void }) {
  const from = origin ? (origin.changed.seq > 0 ? origin.changed : origin.introduced) : null;
  return (
    <li class={`feature ${mark ? `feature-${mark}` : ""}`} data-feature={featureKey(f)} data-mark={mark ?? ""}>
      <div class="feature-head">
        {f.id ? <code class="feature-id">{f.id}</code> : null}
        <span class="feature-name">{f.name}</span>
        {mark ? <span class={`badge badge-${mark === "added" ? "complete" : "warning"} badge-tiny`}>{mark === "added" ? "new" : "changed"}</span> : null}
        {from && from.seq > 0 && onJump ? (
          <button
            type="button"
            class="link-btn feature-origin"
            onClick={() => onJump(from)}
            title={`Version ${from.version}: the message that led to it`}
            data-testid="feature-origin"
          >
            from the interview (v{from.version})
          </button>
        ) : null}
      </div>
      {f.description && f.description !== f.name ? <p class="feature-desc">{f.description}</p> : null}
      {f.acceptance?.length ? (
        <ul class="acceptance" aria-label="Acceptance criteria">
          {f.acceptance.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      ) : null}
      {f.depends_on?.length ? <p class="muted small">Depends on {f.depends_on.join(", ")}</p> : null}
    </li>
  );
}

function Lines({ lines }: { lines: string[] }) {
  if (lines.length === 0) return null;
  if (lines.length === 1) return <p>{lines[0]}</p>;
  return (
    <ul>
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

function Sections({ secs, depth = 0 }: { secs: Section[]; depth?: number }) {
  return (
    <>
      {secs.map((s, i) => {
        const kids = s.sections ?? [];
        if (kids.length === 0) {
          return (
            <div key={i} class={`kv ${(s.lines?.length ?? 0) > 1 ? "kv-block" : ""}`}>
              <span class="k">{sectionLabel(s)}</span>
              <div class="v">{s.lines?.length ? <Lines lines={s.lines} /> : <span class="muted">—</span>}</div>
            </div>
          );
        }
        const Tag = depth === 0 ? "h4" : "h5";
        return (
          <div key={i} class={`group group-${Math.min(depth, 2)}`}>
            <Tag class="group-name">{sectionLabel(s)}</Tag>
            <Lines lines={s.lines ?? []} />
            {depth < 8 ? <Sections secs={kids} depth={depth + 1} /> : null}
          </div>
        );
      })}
    </>
  );
}
