// Which link destinations from model text may become a clickable link.

const allowed = new Set(["http:", "https:", "mailto:"]);

/**
 * safeHref returns the destination as an absolute http, https or mailto
 * URL, or null when the link must stay inert: any other scheme
 * (javascript:, data:, vbscript:, file:, blob:…), a relative path (it
 * would act inside specwright's own pages), a destination with control
 * characters or white space, or one that does not parse.
 */
export function safeHref(raw: string): string | null {
  const s = raw.trim();
  if (s === "" || s.length > 2048) return null;
  // Browsers strip tabs and newlines inside URLs ("java\tscript:"); refuse
  // any control or space character outright.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(s)) return null;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (!allowed.has(u.protocol)) return null;
  if ((u.protocol === "http:" || u.protocol === "https:") && u.hostname === "") return null;
  if (u.username !== "" || u.password !== "") return null; // "https://good@evil/" misleads
  return u.href;
}
