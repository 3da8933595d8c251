// Files sent with a message, as the protocol allows: JPEG or PNG images
// of at most 5 MiB each, and documents (.md, .txt, .csv, .docx, .xlsx,
// .pptx, .pdf) of at most 20 MiB each, whose text the server extracts.
// One message travels as one WebSocket frame, which the server caps at
// 8 MiB by default, so the files of one message are also capped together
// (base64 makes them a third larger).

import type { Attachment } from "./protocol";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
const FRAME_SLACK = 64 * 1024; // the message text and the JSON around it

export interface Picked {
  id: string;
  file: File;
  preview: string; // blob: URL of an image; "" for a document
}

const types = new Set(["image/jpeg", "image/png"]);

/** documentTypes maps a document's extension to the MIME type sent when the browser gives none. */
const documentTypes: Record<string, string> = {
  md: "text/markdown",
  markdown: "text/markdown",
  txt: "text/plain",
  csv: "text/csv",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  pdf: "application/pdf",
};

/** ACCEPT is the file picker's filter. */
export const ACCEPT = ["image/png", "image/jpeg", ...Object.keys(documentTypes).map((e) => "." + e)].join(",");

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/** isDocument reports whether a file is a document the server reads. */
export function isDocument(f: { name: string }): boolean {
  return extension(f.name) in documentTypes;
}

/** fileProblem says why a file cannot be attached, or returns null. */
export function fileProblem(f: { name: string; type: string; size: number }): string | null {
  if (types.has(f.type)) {
    if (f.size > MAX_IMAGE_BYTES) return `${f.name}: ${(f.size / 1048576).toFixed(1)} MB is over the limit of 5 MB per image.`;
  } else if (isDocument(f)) {
    if (f.size > MAX_DOCUMENT_BYTES) return `${f.name}: ${(f.size / 1048576).toFixed(1)} MB is over the limit of 20 MB per document.`;
  } else {
    return `${f.name}: only JPEG and PNG images and documents (.md, .txt, .csv, .docx, .xlsx, .pptx, .pdf) can be attached.`;
  }
  if (f.size === 0) return `${f.name}: the file is empty.`;
  return null;
}

/** encodedSize is the length of n bytes in base64. */
export function encodedSize(n: number): number {
  return Math.ceil(n / 3) * 4;
}

/** totalProblem says whether the images fit in one message together with the text. */
export function totalProblem(sizes: number[], textBytes: number): string | null {
  const total = sizes.reduce((a, n) => a + encodedSize(n), 0) + textBytes + FRAME_SLACK;
  if (total > MAX_FRAME_BYTES) {
    return "Together these files are too large for one message (about 5.5 MB in all). Send some of them in another message.";
  }
  return null;
}

/** toAttachment reads a picked file as the protocol carries it. */
export function toAttachment(f: File): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(new Error(`Could not read ${f.name}`));
    r.onload = () => {
      const url = String(r.result);
      const comma = url.indexOf(",");
      const mimeType = types.has(f.type) ? f.type : documentTypes[extension(f.name)] || f.type;
      resolve({ filename: f.name || "image", mimeType, base64Data: url.slice(comma + 1) });
    };
    r.readAsDataURL(f);
  });
}
