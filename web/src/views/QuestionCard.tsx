// A structured question from the interviewer: one to four questions, each
// with two to four options and a free-text "Other". Real radio buttons and
// checkboxes inside a fieldset, so the keyboard and screen readers work
// as they do on any form.

import { useEffect, useRef, useState } from "preact/hooks";
import type { Answers, Question } from "../protocol";

export const OTHER = "\u0000other"; // cannot collide with a label the model chose

export interface Choice {
  picked: string[]; // labels, and OTHER when "Other" is chosen
  other: string;
}

/** NONE is what a multi-select question sent with nothing ticked answers. */
export const NONE = "None of these";

/** draftKey is where the half-ticked answers of a card are kept for the tab, so a reload keeps them. */
export const draftKey = (project: string, toolId: string) => `specwright.card.${project}.${toolId}`;

/** answered says whether a question's choice can be sent: a multi-select question may be sent with nothing ticked. */
export function answered(q: Question, c: Choice): boolean {
  const otherOK = !c.picked.includes(OTHER) || c.other.trim() !== "";
  if (q.multiSelect) return otherOK;
  return c.picked.some((p) => p !== OTHER) || (c.picked.includes(OTHER) && c.other.trim() !== "");
}

/** toAnswers turns the choices into the protocol's answers. */
export function toAnswers(questions: Question[], choices: Choice[]): Answers {
  const answers: Answers = {};
  questions.forEach((q, i) => {
    const c = choices[i];
    const labels = c.picked.filter((p) => p !== OTHER);
    const other = c.picked.includes(OTHER) ? c.other.trim() : "";
    if (q.multiSelect) {
      const all = other ? [...labels, other] : labels;
      answers[String(i)] = all.length ? all : [NONE];
    } else answers[String(i)] = other || labels[0];
  });
  return answers;
}

function loadDraft(key: string | null, n: number): Choice[] | null {
  if (!key) return null;
  try {
    const v = JSON.parse(sessionStorage.getItem(key) ?? "null");
    if (Array.isArray(v) && v.length === n && v.every((c) => c && Array.isArray(c.picked) && typeof c.other === "string")) return v;
  } catch {
    // none kept
  }
  return null;
}

export function QuestionCard({
  id,
  questions,
  disabled,
  why,
  draft,
  onAnswer,
}: {
  id: string;
  questions: Question[];
  disabled: boolean;
  why?: string; // why it cannot be sent now
  draft?: string | null; // where to keep the half-ticked answers
  onAnswer: (answers: Answers) => void;
}) {
  const [choices, setChoices] = useState<Choice[]>(() => loadDraft(draft ?? null, questions.length) ?? questions.map(() => ({ picked: [], other: "" })));
  // Kept at once, not in an effect: a reload right after a tick must find it.
  const keep = (next: Choice[]) => {
    if (!draft) return;
    try {
      sessionStorage.setItem(draft, JSON.stringify(next));
    } catch {
      // a full storage only loses the draft
    }
  };
  const [tried, setTried] = useState(false);
  const first = useRef<HTMLFieldSetElement>(null);

  useEffect(() => {
    // Bring the card into view; focus its first option for keyboard users
    // who were typing, without stealing focus from elsewhere.
    const el = first.current;
    if (!el) return;
    el.scrollIntoView({ block: "nearest" });
    const active = document.activeElement;
    if (!active || active === document.body || active.tagName === "TEXTAREA") {
      el.querySelector<HTMLInputElement>("input")?.focus({ preventScroll: true });
    }
  }, []);

  const complete = choices.every((c, i) => answered(questions[i], c));

  const update = (qi: number, fn: (c: Choice) => Choice) =>
    setChoices((cs) => {
      const next = cs.map((c, i) => (i === qi ? fn(c) : c));
      keep(next);
      return next;
    });

  const submit = (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (!complete || disabled) return;
    if (draft) {
      try {
        sessionStorage.removeItem(draft);
      } catch {
        // nothing kept
      }
    }
    onAnswer(toAnswers(questions, choices));
  };

  return (
    <form class="qcard" onSubmit={submit} data-testid="question-card" aria-label="Questions from the interviewer">
      {questions.map((q, qi) => {
        const c = choices[qi];
        const name = `${id}-q${qi}`;
        const type = q.multiSelect ? "checkbox" : "radio";
        const missing = tried && !answered(q, c);
        return (
          <fieldset key={qi} ref={qi === 0 ? first : undefined} class="q" aria-describedby={missing ? `${name}-missing` : undefined}>
            <legend>
              {q.header ? <span class="q-header">{q.header}</span> : null}
              <span class="q-text">{q.question}</span>
              {q.multiSelect ? <span class="q-multi">Choose any that apply, or none</span> : null}
            </legend>
            <div class="q-options">
              {q.options.map((o, oi) => (
                <label key={oi} class={`opt ${c.picked.includes(o.label) ? "opt-on" : ""}`}>
                  <input
                    type={type}
                    name={name}
                    value={o.label}
                    checked={c.picked.includes(o.label)}
                    disabled={disabled}
                    onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      update(qi, (x) =>
                        q.multiSelect
                          ? { ...x, picked: on ? [...x.picked, o.label] : x.picked.filter((p) => p !== o.label) }
                          : { ...x, picked: [o.label] },
                      );
                    }}
                  />
                  <span class="opt-body">
                    <span class="opt-label">{breakable(o.label)}</span>
                    {o.description ? <span class="opt-desc">{breakable(o.description)}</span> : null}
                  </span>
                </label>
              ))}
              <label class={`opt opt-other ${c.picked.includes(OTHER) ? "opt-on" : ""}`}>
                <input
                  type={type}
                  name={name}
                  value="Other"
                  checked={c.picked.includes(OTHER)}
                  disabled={disabled}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    update(qi, (x) =>
                      q.multiSelect
                        ? { ...x, picked: on ? [...x.picked, OTHER] : x.picked.filter((p) => p !== OTHER) }
                        : { ...x, picked: [OTHER] },
                    );
                    if (on) {
                      // The text field appears with the next render.
                      const set = (e.currentTarget as HTMLElement).closest("fieldset");
                      setTimeout(() => set?.querySelector<HTMLInputElement>(".opt-other-text")?.focus(), 0);
                    }
                  }}
                />
                <span class="opt-body">
                  <span class="opt-label">Other</span>
                  <span class="opt-desc">Say it in your own words</span>
                </span>
              </label>
              {c.picked.includes(OTHER) ? (
                <input
                  type="text"
                  class="opt-other-text"
                  aria-label={`Your own answer to: ${q.question}`}
                  placeholder="Your answer"
                  value={c.other}
                  maxLength={2000}
                  disabled={disabled}
                  onInput={(e) => {
                    const v = (e.currentTarget as HTMLInputElement).value;
                    update(qi, (x) => ({ ...x, other: v }));
                  }}
                />
              ) : null}
            </div>
            {missing ? (
              <p id={`${name}-missing`} class="field-error">
                {q.multiSelect ? "Say what “Other” is, or untick it." : "Choose an answer."}
              </p>
            ) : null}
          </fieldset>
        );
      })}
      <div class="qcard-actions">
        <button type="submit" class="btn btn-primary" disabled={disabled} aria-disabled={!complete} data-testid="send-answers">
          {questions.length > 1 ? "Send answers" : "Send answer"}
        </button>
        <span class="hint">
          {disabled && why ? <strong class="qcard-why">{why}. </strong> : null}
          {complete ? "" : questions.length > 1 ? "Answer each question to go on." : ""} Or type your own reply below.
        </span>
      </div>
    </form>
  );
}

/** AnsweredQuestion is a question card after it was answered or closed. */
export function AnsweredQuestion({ questions, closed }: { questions: Question[]; closed: boolean }) {
  return (
    <div class="qcard qcard-done" data-testid="question-done">
      {questions.map((q, i) => (
        <p key={i} class="q-done">
          {q.header ? <span class="q-header">{q.header}</span> : null}
          <span class="q-text">{q.question}</span>
        </p>
      ))}
      {closed ? <p class="muted small">Not answered.</p> : null}
    </div>
  );
}

/** breakable lets long paths wrap after their slashes rather than mid-name. */
export function breakable(text: string): preact.ComponentChildren {
  if (!text.includes("/")) return text;
  const parts = text.split("/");
  return parts.flatMap((p, i) => (i < parts.length - 1 ? [p + "/", <wbr key={i} />] : [p]));
}
