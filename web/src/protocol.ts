// The wire contract of docs/protocol.md, as the page uses it: the v2
// WebSocket (`?v=2`) and the REST routes.

export interface Option {
  label: string;
  description?: string;
}

export interface Question {
  question: string;
  header?: string;
  options: Option[];
  multiSelect?: boolean;
}

/** ServerEvent is one message the server sends over the socket. */
export type ServerEvent =
  | { type: "text"; content: string; seq?: number }
  | { type: "question"; questions: Question[]; tool_id?: string; seq?: number }
  | { type: "file_written"; path: string; seq?: number }
  | { type: "spec_complete"; path: string; seq?: number }
  | { type: "response_done"; interrupted?: boolean; seq?: number }
  | { type: "complete"; path: string; seq?: number }
  | { type: "error"; content: string; seq?: number }
  | { type: "pong"; seq?: undefined }
  | { type: "validation"; content: string; problems?: string[]; seq?: number }
  | { type: "user"; content: string; attachments?: string[]; tool_id?: string; seq?: number }
  | { type: "resumed"; session_id: number; last_seq: number; running: boolean; seq?: undefined }
  | { type: "version"; version: VersionNote; seq?: number };

/** VersionNote is what a "version" event says about a new spec version. */
export interface VersionNote {
  number: number;
  restored_from?: number;
  summary: string;
  added: string[];
  changed: string[];
  removed: string[];
}

/** Version is one row of GET /api/projects/{name}/versions. */
export interface Version {
  number: number;
  created_at: string;
  session_id: number;
  seq: number;
  restored_from?: number;
  hash: string;
  feature_count: number;
  features: number;
  score: number;
}

export interface FeatureRef {
  id?: string;
  name: string;
  category: string;
}

export interface TextChange {
  name: string;
  before: string;
  after: string;
}

export interface Hunk {
  old_line: number;
  new_line: number;
  lines: { op: " " | "-" | "+"; text: string }[];
}

/** SpecDiff is the "diff" of GET /api/projects/{name}/diff (internal/spec.Diff). */
export interface SpecDiff {
  features_before: number;
  features_after: number;
  count_before: number;
  count_after: number;
  features: {
    added: FeatureRef[];
    removed: FeatureRef[];
    changed: (FeatureRef & { matched_by: string; fields: string[]; before: Feature; after: Feature; category_before?: string })[];
  };
  categories: { added: string[]; removed: string[]; renamed: { from: string; to: string }[] };
  tables: { added: string[]; removed: string[]; changed: { name: string; fields_added: string[]; fields_removed: string[]; fields_changed: TextChange[] }[] };
  endpoints: { added: string[]; removed: string[]; changed: TextChange[] };
  roles: {
    added: string[];
    removed: string[];
    changed: { name: string; permissions_added: string[]; permissions_removed: string[]; routes_added: string[]; routes_removed: string[] }[];
  };
  stack: TextChange[];
  sections: { name: string; hunks: Hunk[] }[];
  files: { name: string; hunks: Hunk[] }[];
}

export interface VersionDiff {
  from: number;
  to: number;
  summary: string;
  diff: SpecDiff;
}

export interface Origin {
  version: number;
  session_id: number;
  seq: number;
}

export interface Provenance {
  version: number;
  features: { id?: string; name: string; category: string; introduced: Origin; changed: Origin }[];
}

export interface SessionInfo {
  id: number;
  status: "active" | "archived" | "cancelled";
  created_at: string;
  updated_at: string;
  spec_status: SpecStatus;
  feature_count?: number;
}

export interface Transcript {
  project_name: string;
  session_id: number;
  status: string;
  is_complete: boolean;
  events: ServerEvent[];
}

export interface Attachment {
  filename: string;
  mimeType: string; // image/jpeg, image/png, or a document's type (attachments.ts)
  base64Data: string;
}

/** Answers maps a question's index ("0", "1"…) to a label, labels, or free text. */
export type Answers = Record<string, string | string[]>;

export type ClientMessage =
  | { type: "ping" }
  | { type: "start" }
  | { type: "message"; content: string; attachments?: Attachment[] }
  | { type: "answer"; answers: Answers; tool_id: string | null }
  | { type: "resume"; after_seq: number; session_id?: number }
  | { type: "interrupt" };

/** SpecStatus is the server's verdict on a project's spec files. */
export type SpecStatus = "not_started" | "in_progress" | "complete" | "error";

export interface ProjectInfo {
  name: string;
  created_at: string;
  updated_at: string;
  status: SpecStatus;
  feature_count: number | null;
  active: boolean;
}

export interface Problem {
  severity: "error" | "warning";
  file: string;
  line: number;
  message: string;
  hint?: string;
}

/** Section is a part of the spec kept as text (spec.Section on the server). */
export interface Section {
  name: string;
  attrs?: { name: string; value: string }[];
  lines?: string[];
  sections?: Section[];
}

export interface Feature {
  id?: string;
  name: string;
  description: string;
  acceptance?: string[];
  depends_on?: string[];
}

export interface Role {
  name: string;
  permissions?: string[];
  protected_routes?: string[];
}

/** SpecModel is the server's parsed spec (internal/spec.Spec). Lists may be null. */
export interface SpecModel {
  project_name: string;
  overview: string;
  technology_stack: Section[] | null;
  prerequisites: Section[] | null;
  feature_count: number;
  security: { roles: Role[] | null; authentication?: Section[]; sensitive_operations?: string[]; other?: Section[] };
  categories: { name: string; features: Feature[] | null }[] | null;
  tables: { name: string; fields: { name: string; type?: string; references?: string; required?: boolean; notes?: string }[] | null }[] | null;
  api_areas: { name: string; endpoints: { method: string; path: string; description?: string }[] | null }[] | null;
  ui_layout: Section[] | null;
  design_system: Section[] | null;
  implementation_steps: { number: number; title: string; tasks?: string[] }[] | null;
  success_criteria: Section[] | null;
  extra?: Section[];
  not_applicable?: { part: string; reason: string }[];
}

export interface SpecReport {
  ok: boolean;
  problems: Problem[];
  spec: SpecModel | null;
  score: number;
  score_reasons: { rule: string; points: number; text: string }[];
}

export interface SpecFiles {
  app_spec: string | null;
  initializer_prompt: string | null;
  report: SpecReport;
  folder?: string; // the project's folder on the server
}

export interface ProviderInfo {
  provider: string;
  model: string;
  // How the server chose its provider, when it says (specwright serve does).
  choice?: { provider: string; model?: string; base_url?: string; forced: boolean; steps: string[] | null };
}

/** The project name rule of the protocol. */
export const NAME_RE = /^[A-Za-z0-9_-]{1,50}$/;

const reserved = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)$/i;

/** nameProblem says what is wrong with a project name, or returns null. */
export function nameProblem(name: string): string | null {
  if (name === "") return "Give the project a name.";
  if (name.length > 50) return "Use at most 50 characters.";
  if (!NAME_RE.test(name)) return "Use only letters, digits, - and _ (no spaces).";
  if (reserved.test(name)) return `“${name}” is a reserved device name on Windows; choose another.`;
  return null;
}
