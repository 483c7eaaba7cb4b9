/**
 * `gpupdate [/force] [/target:...]` console output. Windows words the failure header with
 * varying case ("Computer policy could not be updated successfully."), so every phrase is
 * matched case-insensitively. The exit code is the authority; this parse is for display.
 */
import { cleanLineTexts, escapeRegExp, isPromptLine } from './text';
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

/** The second wording is Windows XP / Server 2003's (`Refreshing Policy...`, `User Policy Refresh has completed.`). */
const ENGLISH: GpupdateLanguage = {
  updating: ['updating policy', 'refreshing policy'],
  computerCompleted: ['computer policy update has completed successfully', 'computer policy refresh has completed'],
  userCompleted: ['user policy update has completed successfully', 'user policy refresh has completed'],
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

/** fr-FR, with `'` for the apostrophe (a typographic `’` is read as `'`). */
const FRENCH: GpupdateLanguage = {
  updating: ['mise à jour de la stratégie'],
  computerCompleted: ["la mise à jour de la stratégie d'ordinateur s'est terminée sans erreur"],
  userCompleted: ["la mise à jour de la stratégie utilisateur s'est terminée sans erreur"],
};

const LANGUAGES: readonly GpupdateLanguage[] = [ENGLISH, SPANISH, CHINESE, GERMAN, JAPANESE, FRENCH];

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

/** `text` starts like a status line (see START_CHECKS). */
function statusLine(text: string): StatusLine | undefined {
  const length = lengthWithoutDots(text);
  if (!STATUS_LENGTHS.has(length)) {
    return undefined;
  }
  const key = text.slice(0, length).toLowerCase();
  return STATUS_LINES.get(key.indexOf('\u2019') === -1 ? key : key.replace(/\u2019/g, "'"));
}

/**
 * The failure header of each half, in each language a real sample shows. Sticky, read with
 * matchEnd: no match array (half of this parser's garbage on a long paste).
 */
const FAILED_HEADERS: readonly { re: RegExp; target: Target }[] = [
  { re: /computer policy could not be updated successfully\./iy, target: 'computer' },
  { re: /user policy could not be updated successfully\./iy, target: 'user' },
  { re: /la stratégie de l['’]ordinateur n['’]a pas pu être mise à jour correctement\./iy, target: 'computer' },
  { re: /la stratégie utilisateur n['’]a pas pu être mise à jour correctement\./iy, target: 'user' },
];
/** The headers by their first letter, lower-cased (`c`omputer, `u`ser, `l`a stratégie): one regex tried per line. */
const FAILED_HEADERS_BY_START: ReadonlyMap<number, readonly { re: RegExp; target: Target }[]> = new Map(
  [0x63, 0x75, 0x6c].map((c) => [c, FAILED_HEADERS.filter((h) => (h.re.source.charCodeAt(0) | 0x20) === c)]),
);
const ENCOUNTERED = /^the following (warnings|errors) were encountered during (computer|user) policy processing:?/i;
/**
 * The end of the failure header (after its white space, as trimStart sees it); a reflowed paste
 * (Q&A sites) puts the error text after it on the same line. Sticky, read with matchEnd.
 */
const ERRORS_FOLLOW = /\s*(?:the following (?:errors|warnings) were encountered:?|les erreurs suivantes ont été rencontrées\s*:?)/iy;
/** `To check for errors in policy processing...` is Windows XP's closing line; `Pour diagnostiquer...` is French. */
const GENERAL =
  /^(?:to diagnose the failure, |to check for errors in policy processing, review the event log|pour diagnostiquer la panne, |for more detailed information, review the event log|certain (?:computer|user) policies are enabled that can only run during|ok to (?:restart|log off)\?|(?:computer|user) policy (?:update|refresh) has (?:been )?(?:started|canceled|cancelled))/i;
/**
 * `Invoke-GPUpdate : Computer "X" is not responding. ...`: the cmdlet's error record. It runs
 * gpupdate remotely through a scheduled task, so this error means no refresh was scheduled there.
 */
const INVOKE_GPUPDATE_ERROR = /^invoke-gpupdate\s*:\s*\S/i;
/** The rest of a PowerShell error record after its message: `At line:1 char:1`, `+ Invoke-GPUpdate ...`, `+ CategoryInfo ...`. */
const ERROR_RECORD_TAIL = /^(?:at line:\d|at char:\d|\+ )/i;
/** A list item like `a) Name Resolution/...` starts its own paragraph. */
const LIST_ITEM = /^(?:[a-z]\)|\d{1,2}[.)]|[-*•]) /i;
/** Authors abbreviate a repeated block: `[same message]`, `[...]`, `...`. */
const ABBREVIATION = /^(?:\[[^\]]{0,80}\]|\.{3}|…)$/;

/** The checks a line's first two letters allow (bits of START_CHECKS). */
const MAY_BE_STATUS = 1;
const MAY_BE_FAILED = 2;
const MAY_BE_ENCOUNTERED = 4;
const MAY_BE_GENERAL = 8;
const MAY_BE_INVOKE_ERROR = 16;

/**
 * startKey of the first two letters each status line or case-insensitive regex can start with ->
 * the checks that apply. Most lines start otherwise and skip them all after one lookup
 * (`c) The Distributed...` starts with `c` but not with `co`).
 */
const START_CHECKS: ReadonlyMap<number, number> = startChecks([
  [[...STATUS_LINES.keys()], MAY_BE_STATUS],
  [['co', 'us', 'la'], MAY_BE_FAILED],
  [['th'], MAY_BE_ENCOUNTERED],
  [['to', 'po', 'fo', 'ce', 'ok', 'co', 'us'], MAY_BE_GENERAL],
  [['in'], MAY_BE_INVOKE_ERROR],
]);

/**
 * A line's first two characters as one number, for a cheap filter before a regex or lookup. The
 * regexes are case-insensitive without `u`, so a letter matches only its two ASCII cases;
 * `| 0x20` maps exactly those two to the lower case one. Applied to both sides, so a CJK start
 * (whose bit 0x20 may be clear) still matches itself: a cheap filter, not an exact test.
 */
function startKey(text: string): number {
  return ((text.charCodeAt(0) | 0x20) << 16) | (text.charCodeAt(1) | 0x20);
}

function startChecks(table: readonly [readonly string[], number][]): ReadonlyMap<number, number> {
  const checks = new Map<number, number>();
  for (const [starts, check] of table) {
    for (const start of starts) {
      const key = startKey(start);
      checks.set(key, (checks.get(key) ?? 0) | check);
    }
  }
  return checks;
}

/**
 * Every prompt form ends in `>`, `$` or `#`: most message lines have none and skip isPromptLine,
 * whose own guard walks the first 400 characters one by one.
 */
function mayBePrompt(text: string): boolean {
  return text.indexOf('>') !== -1 || text.indexOf('$') !== -1 || text.indexOf('#') !== -1 || text.indexOf('&gt;') !== -1;
}

/** A prompt line, also as copied out of a page's source with `&gt;` for its `>` (`C:\\...&gt;`). */
function isPrompt(text: string): boolean {
  return isPromptLine(text.indexOf('&gt;') === -1 ? text : text.replace(/&gt;/g, '>'));
}

/** How gpupdate's own failure paragraphs open (never an author's words). */
const GROUP_POLICY_ERROR = /^(?:The processing of Group Policy failed\b|Windows failed to apply the )/i;

function opensGroupPolicyError(text: string): boolean {
  const c = text.charCodeAt(0) | 0x20;
  return (c === 0x74 || c === 0x77) && GROUP_POLICY_ERROR.test(text);
}

/**
 * A line gpupdate never prints: a script comment or Markdown heading (`###### Rebooting will...`,
 * `# note`), or prose that names the command (`gpupdate /force actualiza las políticas...`, an
 * author's note quoted after the output): none of gpupdate's own messages, in any language,
 * names gpupdate. (One case-insensitive search: measured faster than two indexOf pre-checks.)
 */
function isAuthorLine(text: string): boolean {
  return text.charCodeAt(0) === 0x23 || NAMES_GPUPDATE.test(text);
}

const NAMES_GPUPDATE = /gpupdate/i;

/** `"`, `“` or `„`: an author's quotation mark before a line of output. */
function opensWithQuote(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 0x22 || c === 0x201c || c === 0x201e;
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

/** Where the sticky `re` matching at `from` ends, or -1: test() allocates no match array. */
function matchEnd(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.test(text) ? re.lastIndex : -1;
}

function sectionWord(s: string | undefined): Target {
  return (s ?? '').toLowerCase() === 'user' ? 'user' : 'computer';
}

/** failure beats warning beats success when a section reports twice */
const OUTCOME_RANK: Readonly<Record<GpupdateOutcome, number>> = { success: 0, warning: 1, failure: 2 };

/**
 * The parse state, line by line. A class rather than closures inside the parse function: new
 * closures on every call made V8 drop the optimized loop ("wrong call target") on each large input.
 */
class GpupdateReader {
  readonly value: Gpupdate = { computer: null, user: null, messages: [] };
  /** `Updating policy...` seen: gpupdate spoke even if the paste stops there. */
  updating = false;
  private target: Target | null = null;
  /** The re-wrapped lines read so far, joined with a space; null between paragraphs. */
  private paragraph: string | null = null;
  private paragraphFirstLine = '';
  /** paragraphOpening of the first line; undefined until a second line needs it (most paragraphs are one line). */
  private opening: string | null | undefined = undefined;
  private readonly warnings: ParseWarning[];
  /** gpupdate's error text was seen before any header: later lines are read, not skipped as chatter. */
  private orphanText = false;
  /** An `Invoke-GPUpdate :` error was read: the remote refresh was not scheduled. */
  remoteError = false;
  /** The paragraph being read is that error's message (its wrapped lines follow it). */
  private inRemoteError = false;

  constructor(warnings: ParseWarning[]) {
    this.warnings = warnings;
  }

  /** `text` is trimmed and not empty; `line` is its 1-based number. */
  readLine(quoted: string, line: number): void {
    // An author who quotes the output (`"Computer policy could not be updated...`) puts a
    // quotation mark before the header: read the header without it.
    const text = opensWithQuote(quoted) && START_CHECKS.has(startKey(quoted.slice(1))) ? quoted.slice(1) : quoted;
    const checks = START_CHECKS.get(startKey(text)) ?? 0;
    const status = (checks & MAY_BE_STATUS) !== 0 ? statusLine(text) : undefined;
    if (status?.kind === 'completed') {
      this.flush();
      this.section(status.target, 'success');
      this.target = null; // text after a success line belongs to it only under a "warnings" header
      return;
    }
    if (status?.kind === 'updating') {
      this.flush();
      this.target = null;
      this.updating = true;
      this.value.messages.push(text);
      return;
    }
    if ((checks & MAY_BE_FAILED) !== 0) {
      for (const { re, target } of FAILED_HEADERS_BY_START.get(text.charCodeAt(0) | 0x20) ?? FAILED_HEADERS) {
        const failedEnd = matchEnd(re, text, 0);
        if (failedEnd === -1) {
          continue;
        }
        this.flush();
        this.target = target;
        this.section(target, 'failure');
        const followEnd = matchEnd(ERRORS_FOLLOW, text, failedEnd);
        this.startParagraph(text.slice(followEnd === -1 ? failedEnd : followEnd).trimStart());
        return;
      }
    }
    // `the f`ollowing...: the fifth letter spares the regex on the other `th` lines (`The processing...`).
    if ((checks & MAY_BE_ENCOUNTERED) !== 0 && (text.charCodeAt(4) | 0x20) === 0x66) {
      const encountered = ENCOUNTERED.exec(text);
      if (encountered) {
        this.flush();
        const target = sectionWord(encountered[2]);
        this.target = target;
        this.section(target, (encountered[1] ?? '').toLowerCase() === 'errors' ? 'failure' : 'warning');
        this.startParagraph(text.slice(encountered[0].length).trimStart());
        return;
      }
    }
    if ((checks & MAY_BE_GENERAL) !== 0 && GENERAL.test(text)) {
      this.flush();
      this.target = null;
      this.value.messages.push(text);
      return;
    }
    if ((checks & MAY_BE_INVOKE_ERROR) !== 0 && INVOKE_GPUPDATE_ERROR.test(text)) {
      this.flush();
      this.target = null;
      if (!this.remoteError) {
        this.remoteError = true;
        this.warnings.push({ line, message: 'Invoke-GPUpdate reported an error: it schedules gpupdate on the target computer, so no policy refresh ran there.' });
      }
      this.startParagraph(text);
      this.inRemoteError = true;
      return;
    }
    if (this.inRemoteError) {
      if (ERROR_RECORD_TAIL.test(text) || (mayBePrompt(text) && isPrompt(text))) {
        this.flush(); // `At line:1 char:1`, the `+ ...` lines, the next prompt: not the error's text
        return;
      }
      this.paragraph = `${this.paragraph ?? ''} ${text}`; // the console wrapped the message
      return;
    }
    if (!this.target && !this.value.computer && !this.value.user && !this.orphanText && !this.updating && opensGroupPolicyError(text)) {
      // gpupdate's own error text, pasted above its `... could not be updated` header: keep it.
      this.orphanText = true;
      this.warnings.push({ line, message: 'Group Policy error text comes before any gpupdate header here: it is kept with the general messages, as the paste does not say which half it belongs to.' });
    }
    if ((!this.target && !this.value.computer && !this.value.user && !this.orphanText) || (mayBePrompt(text) && isPrompt(text))) {
      this.flush();
      return; // prompt lines and chatter before gpupdate speaks
    }
    if (isAuthorLine(text)) {
      this.flush();
      return; // an author's comment or note between or after gpupdate's lines
    }
    const abbreviation = mayBeAbbreviation(text) && ABBREVIATION.test(text);
    if (abbreviation || (mayBeListItem(text) && LIST_ITEM.test(text)) || (this.paragraph !== null && this.opensLikeParagraph(text))) {
      this.flush();
    }
    if (abbreviation) {
      this.warnings.push({ line, message: `The paste abbreviates this part ("${text}"): the full message was not captured.` });
      this.sink().push(text);
      return;
    }
    if (this.paragraph === null) {
      this.startParagraph(text);
    } else {
      this.paragraph = `${this.paragraph} ${text}`;
    }
  }

  /** Ends the paragraph being read, if any. */
  flush(): void {
    this.inRemoteError = false;
    if (this.paragraph !== null) {
      this.sink().push(this.paragraph);
      this.paragraph = null;
    }
  }

  private sink(): string[] {
    return this.target ? (this.value[this.target]?.messages ?? this.value.messages) : this.value.messages;
  }

  private section(t: Target, outcome: GpupdateOutcome): void {
    const existing = this.value[t];
    if (existing) {
      if (OUTCOME_RANK[outcome] > OUTCOME_RANK[existing.outcome]) {
        existing.outcome = outcome;
      }
      return;
    }
    this.value[t] = { outcome, messages: [] };
  }

  /** A paragraph's first line; nothing for the empty rest of a header line. */
  private startParagraph(text: string): void {
    if (text !== '') {
      this.paragraph = text;
      this.paragraphFirstLine = text;
      this.opening = undefined;
    }
  }

  private opensLikeParagraph(text: string): boolean {
    this.opening ??= paragraphOpening(this.paragraphFirstLine);
    return this.opening !== null && text.startsWith(this.opening);
  }
}

/**
 * A whole status line with its final dots or period, anywhere in a line; `'` also matches `’`.
 * Windows XP's closing line is known whole too, so what follows it (a prompt) is cut off.
 */
const RUN_TOGETHER = new RegExp(
  [
    ...LANGUAGES.flatMap((l) => l.updating).map((t) => `${escapeRegExp(t)}(?:\\.{3}|…)`),
    ...LANGUAGES.flatMap((l) => [...l.computerCompleted, ...l.userCompleted]).map((t) => `${escapeRegExp(t)}[.。]`),
    'to check for errors in policy processing, review the event log\\.',
  ]
    .map((t) => t.replace(/'/g, "['’]"))
    .join('|'),
  'gi',
);

/** Below this a line cannot hold two status lines; far above it, it is no paste of gpupdate's lines. */
const RUN_TOGETHER_MIN = 30;
const RUN_TOGETHER_MAX = 4_000;

/**
 * The lines a reflowed paste ran together on one line (a page that lost its line breaks:
 * `C:\\...&gt;gpupdate /force Refreshing Policy... User Policy Refresh has completed. ...`), or
 * null when the line holds fewer than two whole status lines. Each status line becomes a line of
 * its own, and so does the text between them (the prompt before, a prompt after).
 */
function runTogetherLines(text: string): string[] | null {
  // The cheapest necessary conditions first: two terminators (most lines end one sentence, if
  // any), then a status ending (one regex pass; error paragraphs name the policy but end no status
  // line). The policy-word searches, first before, took up to three passes on every long line.
  if (text.length < RUN_TOGETHER_MIN || text.length > RUN_TOGETHER_MAX || !holdsTwoTerminators(text) || !holdsStatusEnding(text)) {
    return null;
  }
  if (text.indexOf('olicy') === -1 && text.indexOf('OLICY') === -1 && text.indexOf('stratégie') === -1) {
    return null;
  }
  // Two status lines name the policy twice: most lines of a paste name it once and skip the regex.
  if (!namesPolicyTwice(text)) {
    return null;
  }
  RUN_TOGETHER.lastIndex = 0;
  const spans: [number, number][] = [];
  for (let m = RUN_TOGETHER.exec(text); m; m = RUN_TOGETHER.exec(text)) {
    spans.push([m.index, m.index + m[0].length]);
  }
  const statuses = spans.filter(([start, end]) => statusLine(text.slice(start, end)) !== undefined).length;
  if (statuses < 2) {
    return null;
  }
  const out: string[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    pushGap(out, text.slice(at, start));
    out.push(text.slice(start, end));
    at = end;
  }
  pushGap(out, text.slice(at));
  return out;
}

/** Two status lines end in two of `.`, `…`, `。` (RUN_TOGETHER's last characters): most lines hold at most one. */
function holdsTwoTerminators(text: string): boolean {
  const dot = text.indexOf('.');
  if (dot !== -1 && text.indexOf('.', dot + 1) !== -1) {
    return true;
  }
  let count = dot === -1 ? 0 : 1;
  for (const terminator of OTHER_TERMINATORS) {
    for (let at = text.indexOf(terminator); at !== -1; at = text.indexOf(terminator, at + 1)) {
      if (++count === 2) {
        return true;
      }
    }
  }
  return false;
}

const OTHER_TERMINATORS = ['…', '。'] as const;

/** `policy` / `stratégie` at least twice, in the cases status lines print (no lower-cased copy of every line). */
function namesPolicyTwice(text: string): boolean {
  let count = 0;
  for (const word of POLICY_WORDS) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
      if (++count === 2) {
        return true;
      }
    }
  }
  return false;
}

const POLICY_WORDS = ['olicy', 'OLICY', 'stratégie', 'STRATÉGIE'] as const;

/**
 * What every English and French status line ends with: `...`/`…` (updating), `completed`
 * (English results), `terminée` (French results). Failure paragraphs, which name the policy
 * often, hold none of these and skip the search.
 */
function holdsStatusEnding(text: string): boolean {
  return STATUS_ENDING.test(text);
}

const STATUS_ENDING = /ompleted|OMPLETED|\.\.\.|…|terminée|TERMINÉE/;

/** Text between run-together status lines, unless it is only quotes or punctuation an author put around them. */
function pushGap(out: string[], gap: string): void {
  const text = gap.trim();
  if (/[\p{L}\p{N}]/u.test(text)) {
    out.push(text);
  }
}

function parseGpupdateUnsafe(input: string, warnings: ParseWarning[]): { value: Gpupdate; recognized: boolean } {
  const reader = new GpupdateReader(warnings);
  const lines = cleanLineTexts(typeof input === 'string' ? input : '');
  for (let index = 0; index < lines.length; index++) {
    const text = (lines[index] ?? '').trim();
    // Dropped once read: a scavenge during the parse then copies only the lines still ahead, not
    // every line of a long paste.
    lines[index] = '';
    if (text === '') {
      reader.flush();
    } else if (text.length > 20_000) {
      reader.flush();
      warnings.push({ line: index + 1, message: 'Skipped an overlong line.' });
    } else {
      const runTogether = runTogetherLines(text);
      if (runTogether === null) {
        reader.readLine(text, index + 1);
        continue;
      }
      for (const part of runTogether) {
        reader.readLine(part, index + 1);
      }
    }
  }
  reader.flush();
  const { value } = reader;
  return { value, recognized: value.computer !== null || value.user !== null || reader.updating || reader.remoteError };
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
  /^[ \t>]*Invoke-GPUpdate\s*:\s*\S|(?:computer|user) policy (?:update has completed successfully|refresh has completed|could not be updated successfully)|^[ \t>]*(?:Updating policy|Refreshing Policy|Actualizando directiva|正在更新策略|Mise à jour de la stratégie)(?:\.\.\.|…)[ \t]*$|directiva de equipo se completó correctamente|se completó correctamente la actualización de directiva|(?:计算机|用户)策略更新成功完成|Aktualisierung der (?:Computer|Benutzer)richtlinie wurde erfolgreich abgeschlossen|コンピューター ?ポリシーの更新が正常に完了しました|La mise à jour de la stratégie (?:d['’]ordinateur|utilisateur) s['’]est terminée sans erreur|La stratégie (?:de l['’]ordinateur|utilisateur) n['’]a pas pu être mise à jour correctement/im;

export function looksLikeGpupdate(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  return LOOKS_LIKE_GPUPDATE.test(input.slice(0, 200_000));
}
