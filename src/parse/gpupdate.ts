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

/**
 * The whole-line status messages of one display language, lower-case, without the final period
 * (or the dots of `Updating policy...`, or the ideographic `。`). Only wordings seen in real
 * output: Spanish words the two success lines differently, so no translation can be derived from
 * another, and a language lists only the lines a real sample shows.
 */
interface GpupdateLanguage {
  updating: readonly string[];
  computerCompleted: readonly string[];
  userCompleted: readonly string[];
}

const ENGLISH: GpupdateLanguage = {
  updating: ['updating policy'],
  computerCompleted: ['computer policy update has completed successfully'],
  userCompleted: ['user policy update has completed successfully'],
};

const SPANISH: GpupdateLanguage = {
  updating: ['actualizando directiva'],
  computerCompleted: ['la actualización de la directiva de equipo se completó correctamente'],
  userCompleted: ['se completó correctamente la actualización de directiva de usuario'],
};

/** zh-CN (cmd and PowerShell transcripts). */
const CHINESE: GpupdateLanguage = {
  updating: ['正在更新策略'],
  computerCompleted: ['计算机策略更新成功完成'],
  userCompleted: ['用户策略更新成功完成'],
};

/** de-DE: no sample shows its `Updating policy...` line. */
const GERMAN: GpupdateLanguage = {
  updating: [],
  computerCompleted: ['die aktualisierung der computerrichtlinie wurde erfolgreich abgeschlossen'],
  userCompleted: ['die aktualisierung der benutzerrichtlinie wurde erfolgreich abgeschlossen'],
};

/**
 * ja-JP: only the computer line is seen. Microsoft's ja docs print `コンピューター ポリシー`, a
 * blog quoting a screenshot drops the space: both are read.
 */
const JAPANESE: GpupdateLanguage = {
  updating: [],
  computerCompleted: ['コンピューター ポリシーの更新が正常に完了しました', 'コンピューターポリシーの更新が正常に完了しました'],
  userCompleted: [],
};

const LANGUAGES: readonly GpupdateLanguage[] = [ENGLISH, SPANISH, CHINESE, GERMAN, JAPANESE];

type StatusLine = { kind: 'updating' } | { kind: 'completed'; target: Target };

const STATUS_LINES: ReadonlyMap<string, StatusLine> = new Map(
  LANGUAGES.flatMap((l): [string, StatusLine][] => [
    ...l.updating.map((t): [string, StatusLine] => [t, { kind: 'updating' }]),
    ...l.computerCompleted.map((t): [string, StatusLine] => [t, { kind: 'completed', target: 'computer' }]),
    ...l.userCompleted.map((t): [string, StatusLine] => [t, { kind: 'completed', target: 'user' }]),
  ]),
);
/** Lower-casing keeps these lengths: most lines have none of them and skip the lookup. */
const STATUS_LENGTHS: ReadonlySet<number> = new Set([...STATUS_LINES.keys()].map((k) => k.length));

/**
 * The length of `text` without a final `.` or `。` (Chinese and Japanese), or up to three dots or
 * a `…` (`Updating policy…`).
 */
function lengthWithoutDots(text: string): number {
  let end = text.length;
  if (text.charCodeAt(end - 1) === 0x2026 || text.charCodeAt(end - 1) === 0x3002) {
    return end - 1;
  }
  while (end > text.length - 3 && text.charCodeAt(end - 1) === 0x2e) {
    end--;
  }
  return end;
}

/** The first two letters of every status line (see startsWithOneOf). */
const STATUS_STARTS: readonly string[] = [...new Set([...STATUS_LINES.keys()].map((k) => k.slice(0, 2)))];

function statusLine(text: string): StatusLine | undefined {
  if (!startsWithOneOf(text, STATUS_STARTS)) {
    return undefined;
  }
  const length = lengthWithoutDots(text);
  if (!STATUS_LENGTHS.has(length)) {
    return undefined;
  }
  return STATUS_LINES.get(text.slice(0, length).toLowerCase());
}

const FAILED = /^(computer|user) policy could not be updated successfully\./i;
const ENCOUNTERED = /^the following (warnings|errors) were encountered during (computer|user) policy processing:?/i;
/** The end of the failure header; a reflowed paste (Q&A sites) puts the error text after it on the same line. */
const ERRORS_FOLLOW = /^the following (?:errors|warnings) were encountered:?/i;
const GENERAL = /^(?:to diagnose the failure, |for more detailed information, review the event log|certain (?:computer|user) policies are enabled that can only run during|ok to (?:restart|log off)\?|(?:computer|user) policy (?:update|refresh) has (?:been )?(?:started|canceled|cancelled))/i;
/** A list item like `a) Name Resolution/...` starts its own paragraph. */
const LIST_ITEM = /^(?:[a-z]\)|\d{1,2}[.)]|[-*•]) /i;
/** Authors abbreviate a repeated block: `[same message]`, `[...]`, `...`. */
const ABBREVIATION = /^(?:\[[^\]]{0,80}\]|\.{3}|…)$/;

/**
 * Lower-cased first two letters each case-insensitive regex can start with: most lines start
 * otherwise and skip it (`c) The Distributed...` starts with `c` but not with `co`).
 */
const FAILED_STARTS = ['co', 'us'];
const ENCOUNTERED_STARTS = ['th'];
const GENERAL_STARTS = ['to', 'fo', 'ce', 'ok', 'co', 'us'];

/**
 * The regexes are case-insensitive without `u`, so a letter matches only its two ASCII cases;
 * `| 0x20` maps exactly those two to the lower case one. Applied to both sides, so a CJK start
 * (whose bit 0x20 may be clear) still matches itself: a cheap filter, not an exact test.
 */
function startsWithOneOf(text: string, starts: readonly string[]): boolean {
  const c0 = text.charCodeAt(0) | 0x20;
  const c1 = text.charCodeAt(1) | 0x20;
  for (const start of starts) {
    if ((start.charCodeAt(0) | 0x20) === c0 && (start.charCodeAt(1) | 0x20) === c1) {
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
  /** `Updating policy...` seen: gpupdate spoke even if the paste stops there. */
  let updating = false;

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

  /** A paragraph's first line; nothing for the empty rest of a header line. */
  const startParagraph = (text: string): void => {
    if (text !== '') {
      paragraph = text;
      paragraphFirstLine = text;
      opening = undefined;
    }
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
    const status = statusLine(text);
    if (status?.kind === 'completed') {
      flush();
      section(status.target, 'success');
      target = null; // text after a success line belongs to it only under a "warnings" header
      continue;
    }
    if (status?.kind === 'updating') {
      flush();
      target = null;
      updating = true;
      value.messages.push(text);
      continue;
    }
    if (startsWithOneOf(text, FAILED_STARTS)) {
      const failed = FAILED.exec(text);
      if (failed) {
        flush();
        target = sectionWord(failed[1]);
        section(target, 'failure');
        const rest = text.slice(failed[0].length).trimStart();
        startParagraph(rest.slice(ERRORS_FOLLOW.exec(rest)?.[0].length ?? 0).trimStart());
        continue;
      }
    }
    if (startsWithOneOf(text, ENCOUNTERED_STARTS)) {
      const encountered = ENCOUNTERED.exec(text);
      if (encountered) {
        flush();
        target = sectionWord(encountered[2]);
        section(target, (encountered[1] ?? '').toLowerCase() === 'errors' ? 'failure' : 'warning');
        startParagraph(text.slice(encountered[0].length).trimStart());
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
  const recognized = value.computer !== null || value.user !== null || updating;
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

/** The status lines in each language (see the tables above); `…` is how some pastes print the dots. */
const LOOKS_LIKE_GPUPDATE =
  /(?:computer|user) policy (?:update has completed successfully|could not be updated successfully)|^[ \t>]*(?:Updating policy|Actualizando directiva|正在更新策略)(?:\.\.\.|…)[ \t]*$|directiva de equipo se completó correctamente|se completó correctamente la actualización de directiva|(?:计算机|用户)策略更新成功完成|Aktualisierung der (?:Computer|Benutzer)richtlinie wurde erfolgreich abgeschlossen|コンピューター ?ポリシーの更新が正常に完了しました/im;

export function looksLikeGpupdate(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  return LOOKS_LIKE_GPUPDATE.test(input.slice(0, 200_000));
}
