// The Export menu of the result pane: the spec rendered for other tools
// by the server (GET /api/projects/{name}/export, docs/exports.md). Each
// entry is a plain link, so the browser downloads the file (or the zip of
// a folder format) with the session cookie and shows its own progress.
// It stands outside the spec's summary, whose links come from the model
// and are held to stricter rules.

export interface ExportLink {
  format: string;
  label: string;
  hint: string;
  href: string;
}

const formats: Array<[string, string, string]> = [
  ["markdown", "Markdown", "one readable document"],
  ["json", "JSON", "the spec model, with its schema"],
  ["features", "Feature list", "for the coding agent (AutoForge)"],
  ["spec-kit", "spec-kit", "spec.md, zipped"],
  ["kiro", "Kiro", "requirements, design and tasks, zipped"],
  ["openspec", "OpenSpec", "openspec/specs, zipped"],
];

/** exportLinks lists the exports of a project, in the menu's order. */
export function exportLinks(project: string): ExportLink[] {
  const p = encodeURIComponent(project);
  return formats.map(([format, label, hint]) => ({
    format,
    label,
    hint,
    href: `/api/projects/${p}/export?format=${encodeURIComponent(format)}`,
  }));
}

export function ExportMenu({ name, ready }: { name: string; ready: boolean }) {
  if (!ready) return null;
  return (
    <details class="export-menu" data-testid="export-menu">
      <summary class="btn btn-small">Export</summary>
      <ul class="export-list" aria-label="Export the spec">
        {exportLinks(name).map((l) => (
          <li key={l.format}>
            <a href={l.href} download aria-label={`Export as ${l.label}: ${l.hint}`} data-testid={`export-${l.format}`}>
              <span class="export-label">{l.label}</span>
              <span class="export-hint">{l.hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
