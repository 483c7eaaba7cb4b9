/**
 * `gpupdate [/force] [/target:...]` console output. Windows words the failure header with
 * varying case ("Computer policy could not be updated successfully."), so every phrase is
 * matched case-insensitively. The exit code is the authority; this parse is for display.
 */
import { cleanLineTexts, isPromptLine } from './text';
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
 * Lower-cased first two letters each case-insensitive regex can start with: most lines start
 * otherwise and skip it (`c) The Distributed...` starts with `c` but not with `co`).
 */
const STATUS_STARTS = ['co', 'us'];
const ENCOUNTERED_STARTS = ['th'];
const GENERAL_STARTS = ['up', 'to', 'fo', 'ce', 'ok', 'co', 'us'];

/**
 * The regexes are case-insensitive without `u`, so a letter matches only its two ASCII cases;
 * `| 0x20` maps exactly those two to the lower case one.
 */
function startsWithOneOf(text: string, starts: readonly string[]): boolean {
  const c0 = text.charCodeAt(0) | 0x20;
  const c1 = text.charCodeAt(1) | 0x20;
  for (const start of starts) {
    if (start.charCodeAt(0) === c0 && start.charCodeAt(1) === c1) {
      return true;
    }
  }
  return false;
}

/** `[`, `.` or `…`: the only first characters an abbreviation has. */
function mayBeAbbreviation(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 0x5b || c === 0x2e || c === 0x2026;
}

/**
 * A message may span lines (the connectivity error is four lines of one text), but a list of
 * per-extension messages repeats its opening ("Windows failed to apply the X settings. ..." on
 * each line): a line that opens with the same three words as the paragraph is the next message.
 * Returns those three words and a space, or null when the first line has fewer words.
 */
function paragraphOpening(first: string): string | null {
  const firstSpace = first.indexOf(' ');
  const second = firstSpace < 0 ? -1 : first.indexOf(' ', firstSpace + 1);
  if (second < 0) {
    return null;
  }
  const third = first.indexOf(' ', second + 1);
  return `${third < 0 ? first : first.slice(0, third)} `;
}

/** The second character of every list item form (`a)`, `1.`, `12)`, `- `): a cheap filter before LIST_ITEM. */
function mayBeListItem(text: string): boolean {
  const c = text.charCodeAt(1);
  return c === 0x29 || c === 0x2e || c === 0x20 || (c >= 0x30 && c <= 0x39);
}

function sectionWord(s: string | undefined): Target {
  return (s ?? '').toLowerCase() === 'user' ? 'user' : 'computer';
}

function parseGpupdateUnsafe(input: string, warnings: ParseWarning[]): { value: Gpupdate; recognized: boolean } {
  const value: Gpupdate = { computer: null, user: null, messages: [] };
  let target: Target | null = null;
  /** The re-wrapped lines read so far, joined with a space; null between paragraphs. */
  let paragraph: string | null = null;
  let paragraphFirstLine = '';
  /** paragraphOpening of the first line; undefined until a second line needs it (most paragraphs are one line). */
  let opening: string | null | undefined;

  const sink = (): string[] => (target ? (value[target]?.messages ?? value.messages) : value.messages);
  const flush = (): void => {
    if (paragraph !== null) {
      sink().push(paragraph);
      paragraph = null;
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

  const opensLikeParagraph = (text: string): boolean => {
    opening ??= paragraphOpening(paragraphFirstLine);
    return opening !== null && text.startsWith(opening);
  };

  const lines = cleanLineTexts(typeof input === 'string' ? input : '');
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const text = (lines[index] ?? '').trim();
    if (text === '') {
      flush();
      continue;
    }
    if (text.length > 20_000) {
      flush();
      warnings.push({ line, message: 'Skipped an overlong line.' });
      continue;
    }
    if (startsWithOneOf(text, STATUS_STARTS)) {
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
    }
    if (startsWithOneOf(text, ENCOUNTERED_STARTS)) {
      const encountered = ENCOUNTERED.exec(text);
      if (encountered) {
        flush();
        target = sectionWord(encountered[2]);
        section(target, (encountered[1] ?? '').toLowerCase() === 'errors' ? 'failure' : 'warning');
        continue;
      }
    }
    if (startsWithOneOf(text, GENERAL_STARTS) && GENERAL.test(text)) {
      flush();
      target = null;
      value.messages.push(text);
      continue;
    }
    if ((!target && !value.computer && !value.user) || isPromptLine(text)) {
      flush();
      continue; // prompt lines and chatter before gpupdate speaks
    }
    const abbreviation = mayBeAbbreviation(text) && ABBREVIATION.test(text);
    if (abbreviation || (mayBeListItem(text) && LIST_ITEM.test(text)) || (paragraph !== null && opensLikeParagraph(text))) {
      flush();
    }
    if (abbreviation) {
      warnings.push({ line, message: `The paste abbreviates this part ("${text}"): the full message was not captured.` });
      sink().push(text);
      continue;
    }
    if (paragraph === null) {
      paragraph = text;
      paragraphFirstLine = text;
      opening = undefined;
    } else {
      paragraph = `${paragraph} ${text}`;
    }
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
