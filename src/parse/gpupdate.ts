/**
 * `gpupdate [/force] [/target:...]` console output. Windows words the failure header with
 * varying case ("Computer policy could not be updated successfully."), so every phrase is
 * matched case-insensitively. The exit code is the authority; this parse is for display.
 */
import { pasteLines } from './klist';
import { isPromptLine } from './text';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export type GpupdateOutcome = 'success' | 'warning' | 'failure';

export interface GpupdateSection {
  outcome: GpupdateOutcome;
  /** Error or warning paragraphs (re-wrapped lines joined with a space). */
  messages: string[];
}

export interface Gpupdate {
  computer: GpupdateSection | null;
  user: GpupdateSection | null;
  /** Lines outside both sections: `Updating policy...`, the GPRESULT hint, restart prompts. */
  messages: string[];
}

type Target = 'computer' | 'user';

const COMPLETED = /^(computer|user) policy update has completed successfully\.?$/i;
const FAILED = /^(computer|user) policy could not be updated successfully\./i;
const ENCOUNTERED = /^the following (warnings|errors) were encountered during (computer|user) policy processing:?/i;
const GENERAL = /^(?:updating policy\.{0,3}$|to diagnose the failure, |for more detailed information, review the event log|certain (?:computer|user) policies are enabled that can only run during|ok to (?:restart|log off)\?|(?:computer|user) policy (?:update|refresh) has (?:been )?(?:started|canceled|cancelled))/i;
/** A list item like `a) Name Resolution/...` starts its own paragraph. */
const LIST_ITEM = /^(?:[a-z]\)|\d{1,2}[.)]|[-*•]) /i;
/** Authors abbreviate a repeated block: `[same message]`, `[...]`, `...`. */
const ABBREVIATION = /^(?:\[[^\]]{0,80}\]|\.{3}|…)$/;

/**
 * A message may span lines (the connectivity error is four lines of one text), but a list of
 * per-extension messages repeats its opening ("Windows failed to apply the X settings. ..." on
 * each line): a line that opens with the same three words as the paragraph is the next message.
 */
function opensLikeParagraph(paragraph: readonly string[], text: string): boolean {
  const first = paragraph[0];
  if (first === undefined) {
    return false;
  }
  const opening = first.split(' ', 3);
  return opening.length === 3 && text.startsWith(`${opening.join(' ')} `);
}

function sectionWord(s: string | undefined): Target {
  return (s ?? '').toLowerCase() === 'user' ? 'user' : 'computer';
}

function parseGpupdateUnsafe(input: string, warnings: ParseWarning[]): { value: Gpupdate; recognized: boolean } {
  const value: Gpupdate = { computer: null, user: null, messages: [] };
  let target: Target | null = null;
  let paragraph: string[] = [];

  const sink = (): string[] => (target ? (value[target]?.messages ?? value.messages) : value.messages);
  const flush = (): void => {
    if (paragraph.length > 0) {
      sink().push(paragraph.join(' '));
      paragraph = [];
    }
  };
  const section = (t: Target, outcome: GpupdateOutcome): GpupdateSection => {
    const existing = value[t];
    if (existing) {
      // failure beats warning beats success when a section reports twice
      const rank: Record<GpupdateOutcome, number> = { success: 0, warning: 1, failure: 2 };
      if (rank[outcome] > rank[existing.outcome]) {
        existing.outcome = outcome;
      }
      return existing;
    }
    const created: GpupdateSection = { outcome, messages: [] };
    value[t] = created;
    return created;
  };

  for (const { text: rawText, line } of pasteLines(input)) {
    const text = rawText.trim();
    if (text === '') {
      flush();
      continue;
    }
    if (text.length > 20_000) {
      flush();
      warnings.push({ line, message: 'Skipped an overlong line.' });
      continue;
    }
    const done = COMPLETED.exec(text);
    if (done) {
      flush();
      section(sectionWord(done[1]), 'success');
      target = null; // text after a success line belongs to it only under a "warnings" header
      continue;
    }
    const failed = FAILED.exec(text);
    if (failed) {
      flush();
      target = sectionWord(failed[1]);
      section(target, 'failure');
      continue;
    }
    const encountered = ENCOUNTERED.exec(text);
    if (encountered) {
      flush();
      target = sectionWord(encountered[2]);
      section(target, (encountered[1] ?? '').toLowerCase() === 'errors' ? 'failure' : 'warning');
      continue;
    }
    if (GENERAL.test(text)) {
      flush();
      target = null;
      value.messages.push(text);
      continue;
    }
    if ((!target && !value.computer && !value.user) || isPromptLine(text)) {
      flush();
      continue; // prompt lines and chatter before gpupdate speaks
    }
    if (LIST_ITEM.test(text) || ABBREVIATION.test(text) || opensLikeParagraph(paragraph, text)) {
      flush();
    }
    if (ABBREVIATION.test(text)) {
      warnings.push({ line, message: `The paste abbreviates this part ("${text}"): the full message was not captured.` });
      sink().push(text);
      continue;
    }
    paragraph.push(text);
  }
  flush();
  const recognized = value.computer !== null || value.user !== null || value.messages.some((m) => /^updating policy/i.test(m));
  return { value, recognized };
}

/** Parses gpupdate output into the computer and user halves. */
export function parseGpupdate(input: string, options: ParseOptions = {}): ParseResult<Gpupdate> {
  void options; // no dates in this output; the signature matches the other parsers
  const warnings: ParseWarning[] = [];
  try {
    const { value, recognized } = parseGpupdateUnsafe(input, warnings);
    return { kind: 'gpupdate', recognized, value, warnings };
  } catch (e) {
    warnings.push({ message: `Internal parser error: ${e instanceof Error ? e.message : String(e)}` });
    return { kind: 'gpupdate', recognized: false, value: { computer: null, user: null, messages: [] }, warnings };
  }
}

const LOOKS_LIKE_GPUPDATE = /(?:computer|user) policy (?:update has completed successfully|could not be updated successfully)|^[ \t>]*Updating policy\.\.\.[ \t]*$/im;

export function looksLikeGpupdate(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  return LOOKS_LIKE_GPUPDATE.test(input.slice(0, 200_000));
}
