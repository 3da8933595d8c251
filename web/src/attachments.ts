// Images sent with a message: JPEG or PNG, at most 5 MiB each, as the
// protocol allows. One message travels as one WebSocket frame, which the
// server caps at 8 MiB, so the images of one message are also capped
// together (base64 makes them a third larger).

import type { Attachment } from "./protocol";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
const FRAME_SLACK = 64 * 1024; // the message text and the JSON around it

export interface Picked {
  id: string;
  file: File;
  preview: string; // blob: URL
}

const types = new Set(["image/jpeg", "image/png"]);

/** fileProblem says why a file cannot be attached, or returns null. */
export function fileProblem(f: { name: string; type: string; size: number }): string | null {
  if (!types.has(f.type)) return `${f.name}: only JPEG and PNG images can be attached.`;
  if (f.size > MAX_IMAGE_BYTES) return `${f.name}: ${(f.size / 1048576).toFixed(1)} MB is over the limit of 5 MB per image.`;
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
    return "Together these images are too large for one message (about 5.5 MB in all). Send some of them in another message.";
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
      resolve({ filename: f.name || "image", mimeType: f.type as Attachment["mimeType"], base64Data: url.slice(comma + 1) });
    };
    r.readAsDataURL(f);
  });
}
