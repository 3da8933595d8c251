// Very long pastes are shown collapsed in the conversation: the first
// lines, and a button for the rest. The message itself is sent whole.

export const COLLAPSE_LINES = 12;
export const COLLAPSE_CHARS = 1200;

/** collapsible returns the visible head of a long text and its line count, or null when it is short. */
export function collapsible(text: string): { head: string; lines: number } | null {
  const lines = text.split("\n");
  if (lines.length <= COLLAPSE_LINES + 3 && text.length <= COLLAPSE_CHARS) return null;
  let head = lines.slice(0, COLLAPSE_LINES).join("\n");
  if (head.length > COLLAPSE_CHARS) head = head.slice(0, COLLAPSE_CHARS);
  return { head: head.trimEnd() + " …", lines: lines.length };
}
