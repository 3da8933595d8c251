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
  | { type: "resumed"; session_id: number; last_seq: number; running: boolean; seq?: undefined };

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

export interface SpecReport {
  ok: boolean;
  problems: Problem[];
  spec: {
    project_name: string;
    overview: string;
    feature_count: number;
    categories: { name: string; features: string[] }[] | null;
  } | null;
}

export interface SpecFiles {
  app_spec: string | null;
  initializer_prompt: string | null;
  report: SpecReport;
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
