/**
 * A support ticket's paste: several tools' outputs one after another, with prompts, prose and
 * Markdown in between. Split it into sections at prompt lines and at the lines that open a
 * tool's output, recognise each section's kind and parse it with that parser.
 */
import { looksLikeGpresult, parseGpresult } from './gpresult';
import { looksLikeGpsvc, parseGpsvc } from './gpsvc';
import { looksLikeGpupdate, parseGpupdate } from './gpupdate';
import { looksLikeId, parseId } from './id';
import { looksLikeKlist, parseKlist } from './klist';
import { looksLikeKlistPurge, parseKlistPurge } from './klistPurge';
import { looksLikeKlistSessions, parseKlistSessions } from './klistSessions';
import { looksLikeKlistTgt, parseKlistTgt } from './klistTgt';
import { isPromptLine, splitLines } from './text';
import type { ParseKind, ParseOptions, ParseResult } from './types';
import { looksLikeUnixKlist, parseUnixKlist } from './unixKlist';
import { looksLikeWhoami, parseWhoami } from './whoami';

export type SectionKind = Exclude<ParseKind, 'auto'>;

interface KindEntry {
  kind: SectionKind;
  looksLike(text: string): boolean;
  parse(text: string, options: ParseOptions): ParseResult<unknown>;
}

/** Most specific first: `klist sessions`/`tgt`/`purge` before the plain ticket list. */
export const KINDS: readonly KindEntry[] = [
  { kind: 'klist-sessions', looksLike: looksLikeKlistSessions, parse: parseKlistSessions },
  { kind: 'klist-tgt', looksLike: looksLikeKlistTgt, parse: parseKlistTgt },
  { kind: 'klist-purge', looksLike: looksLikeKlistPurge, parse: parseKlistPurge },
  { kind: 'klist', looksLike: looksLikeKlist, parse: parseKlist },
  { kind: 'whoami', looksLike: looksLikeWhoami, parse: parseWhoami },
  { kind: 'gpresult', looksLike: looksLikeGpresult, parse: parseGpresult },
  { kind: 'gpupdate', looksLike: looksLikeGpupdate, parse: parseGpupdate },
  { kind: 'unix-klist', looksLike: looksLikeUnixOrHeimdalKlist, parse: parseUnixKlist },
  { kind: 'id', looksLike: looksLikeId, parse: parseId },
  { kind: 'gpsvc', looksLike: looksLikeGpsvc, parse: parseGpsvc },
];

/**
 * Heimdal names the failing library call: `klist: krb5_cc_get_principal: No credentials cache
 * file found`. parseUnixKlist reads it (kind no-cache); looksLikeUnixKlist knows only MIT's wordings.
 */
const HEIMDAL_KLIST_ERROR = /^[ \t>]*klist: krb5_[a-z_]{1,40}: \S/m;

function looksLikeUnixOrHeimdalKlist(text: string): boolean {
  return looksLikeUnixKlist(text) || (typeof text === 'string' && HEIMDAL_KLIST_ERROR.test(text));
}

export function parserFor(kind: SectionKind): KindEntry | undefined {
  return KINDS.find((k) => k.kind === kind);
}

export interface AutoSection {
  kind: SectionKind;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  result: ParseResult<unknown>;
}

export interface AutoResult {
  sections: AutoSection[];
}

/** The command a prompt line runs, mapped to the kind of output that follows. */
export function kindFromCommand(line: string): SectionKind | undefined {
  const m = /(?:^|[\s>$#])(whoami|klist|gpupdate|gpresult|id|(?:get-content|type|cat|gc)\b[^\n]*gpsvc)(?:\.exe)?\b([^\n]*)$/i.exec(line);
  if (!m) {
    return undefined;
  }
  const cmd = (m[1] ?? '').toLowerCase();
  const rest = (m[2] ?? '').toLowerCase();
  switch (cmd) {
    case 'whoami':
      return 'whoami';
    case 'gpupdate':
      return 'gpupdate';
    case 'gpresult':
      return 'gpresult';
    case 'id':
      return 'id';
    case 'klist':
      if (/\bsessions\b/.test(rest)) {
        return 'klist-sessions';
      }
      if (/\btgt\b/.test(rest)) {
        return 'klist-tgt';
      }
      if (/\bpurge\b/.test(rest)) {
        return 'klist-purge';
      }
      return undefined; // Windows or MIT: decided by the content
    default:
      return 'gpsvc';
  }
}

type Opener = readonly [RegExp, SectionKind | undefined, readonly string[]];

/**
 * Lines that open a tool's output even without a prompt before them, with the texts each one
 * starts with after `>` quoting and indentation: their first two letters pick the regexes to try.
 */
const OPENERS: readonly Opener[] = [
  [/^\s*(?:>\s*)*USER INFORMATION\s*$/, 'whoami', ['USER']],
  [/^\s*(?:>\s*)*(?:Current|Targeted) LogonId is /i, undefined, ['Current', 'Targeted']],
  [/^\s*(?:>\s*)*Ticket cache: /, 'unix-klist', ['Ticket']],
  [/^\s*(?:>\s*)*Credentials cache: /, 'unix-klist', ['Credentials']],
  // `klist -k` (MIT: `Keytab name:`; the JDK's klist: `Key tab: ...`).
  [/^\s*(?:>\s*)*(?:Keytab name|Key tab): /i, 'unix-klist', ['Keytab', 'keytab', 'Key']],
  // A backtick (Markdown inline code, JSX `{\`...\`}` template literal) may open the output.
  // `UID=` in the Dutch and Croatian translations.
  [/^\s*(?:>\s*)*(?:\{?`)?uid=\d+/i, 'id', ['uid=', '`u', '{`']],
  [/^\s*(?:>\s*)*(?:Updating [Pp]olicy|Actualizando directiva)(?:\.\.\.|…)/, 'gpupdate', ['Updating', 'Actualizando']],
  [/^\s*(?:>\s*)*(?:RSOP data for |Données RSOP pour )/i, 'gpresult', ['RSOP', 'Données']],
  [/^\s*(?:>\s*)*Microsoft \(R\) Windows \(R\) Operating System Group Policy Result tool/i, 'gpresult', ['Microsoft']],
];

/** Two characters as one number, each lower-cased with `| 0x20` (exact for ASCII letters). */
function pairKey(a: number, b: number): number {
  return (a | 0x20) * 0x10000 + (b | 0x20);
}

/** The OPENERS (in their order) whose text starts with a given pair of letters. */
const OPENERS_BY_START: ReadonlyMap<number, readonly Opener[]> = (() => {
  const map = new Map<number, Opener[]>();
  for (const opener of OPENERS) {
    for (const start of new Set(opener[2].map((t) => pairKey(t.charCodeAt(0), t.charCodeAt(1))))) {
      map.set(start, [...(map.get(start) ?? []), opener]);
    }
  }
  return map;
})();

const NO_OPENERS: readonly Opener[] = [];

/**
 * The OPENERS that can match a line (most lines: none). After spaces, TABs and `>` the line's
 * first two characters must begin an opener's text; `| 0x20` turns no other printable ASCII
 * character into a letter. Other whitespace, which `\s` also skips, and non-ASCII characters
 * leave the decision to every regex.
 */
function openersFor(text: string): readonly Opener[] {
  let i = 0;
  let c = text.charCodeAt(0);
  while (c === 0x20 || c === 0x09 || c === 0x3e) {
    c = text.charCodeAt(++i);
  }
  if (c < 0x21 || c > 0x7e) {
    return OPENERS;
  }
  return OPENERS_BY_START.get(pairKey(c, text.charCodeAt(i + 1))) ?? NO_OPENERS;
}

interface RawSegment {
  start: number; // 0-based
  end: number; // exclusive
  hint?: SectionKind;
  prompted: boolean;
  /** The prompt line is the section's first line (its command says which session klist read). */
  withPrompt?: boolean;
}

/** A `klist` prompt without a subcommand: Windows or MIT, decided by the content; both parsers read the prompt. */
const KLIST_COMMAND = /(?:^|[\s>$#])klist(?:\.exe)?(?:\s|$)/i;

/**
 * Windows klist parsers read the command from the prompt line (`klist -li 0x3e7 purge`); the id
 * parser reads the queried user from it (`$ id MYDOMAIN\\noble`).
 */
const KEEPS_PROMPT: ReadonlySet<SectionKind | undefined> = new Set<SectionKind | undefined>(['klist', 'klist-tgt', 'klist-sessions', 'klist-purge', 'id']);

/** `klist` on a line of its own, without a prompt (notes, fenced blocks): `klist -li 0x3e7 purge`. */
const BARE_KLIST = /^[ \t]*(?:>[ \t]*)*(?:[A-Za-z]:\\[^ \t]{0,200}\\)?klist(?:\.exe)?((?:[ \t]+[^ \t]{1,200}){0,8})[ \t]*$/i;
const KLIST_SUBCOMMANDS: ReadonlySet<string> = new Set(['tickets', 'tgt', 'purge', 'sessions', 'kcd_cache', 'get', 'add_bind', 'query_bind', 'purge_bind', 'cloud_debug']);

/**
 * A bare klist command line: every argument is an option, an option's value, a subcommand, a
 * number, a cache name or SPN (`:` or `/`), or a name after `get`/`add_bind`: prose such as
 * `klist purge the tickets` is not a command.
 */
function isBareKlistCommand(text: string): boolean {
  const m = BARE_KLIST.exec(text);
  if (!m) {
    return false;
  }
  let previous = '';
  // `get <spn>` and `add_bind <domain> <kdc>` take free-form names.
  let freeForm = false;
  for (const arg of (m[1] ?? '').trim().split(/[ \t]+/)) {
    const lower = arg.toLowerCase();
    const fits =
      arg === '' ||
      freeForm ||
      arg.startsWith('-') ||
      (previous.startsWith('-') && !KLIST_SUBCOMMANDS.has(lower)) ||
      KLIST_SUBCOMMANDS.has(lower) ||
      /^(?:0x[0-9a-f]+|\d+)$/i.test(arg) ||
      arg.includes(':') ||
      arg.includes('/');
    if (!fits) {
      return false;
    }
    previous = lower;
    freeForm ||= lower === 'get' || lower === 'add_bind';
  }
  return true;
}

function segment(lines: readonly string[]): RawSegment[] {
  const segments: RawSegment[] = [];
  let current: RawSegment = { start: 0, end: 0, prompted: false };
  const open = (at: number, hint: SectionKind | undefined, prompted: boolean, includeLine: boolean): void => {
    current.end = at;
    if (current.end > current.start) {
      segments.push(current);
    }
    current = { start: includeLine ? at : at + 1, end: at + 1, prompted, ...(hint ? { hint } : {}), ...(prompted && includeLine ? { withPrompt: true } : {}) };
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.length >= 400) {
      continue; // neither a prompt nor an opener is that long
    }
    if (isPromptLine(text)) {
      const hint = kindFromCommand(text);
      open(i, hint, true, KEEPS_PROMPT.has(hint) || KLIST_COMMAND.test(text));
      continue;
    }
    if (isBareKlistCommand(text)) {
      // The console's echo of the prompt's own command (`PS C:\> klist sessions` / `klist sessions`) stays in that section.
      const echo = current.withPrompt === true && current.start === i - 1 && (lines[i - 1] ?? '').trimEnd().endsWith(text.trim());
      if (!echo) {
        // Opens its section like a prompted `klist` line does, and keeps it (the parsers read the command).
        open(i, kindFromCommand(text), true, true);
      }
      continue;
    }
    for (const [re, hint] of openersFor(text)) {
      if (re.test(text)) {
        // `Current LogonId` right after a `klist` prompt belongs to that prompt's section.
        const justPrompted = current.prompted && i - current.start <= (current.withPrompt ? 3 : 2);
        if (!justPrompted) {
          open(i, hint, false, true);
        }
        break;
      }
    }
  }
  current.end = lines.length;
  if (current.end > current.start) {
    segments.push(current);
  }
  return segments;
}

function classify(text: string, hint: SectionKind | undefined): SectionKind | undefined {
  if (hint) {
    const entry = parserFor(hint);
    if (entry?.looksLike(text)) {
      return hint;
    }
  }
  for (const k of KINDS) {
    if (k.looksLike(text)) {
      return k.kind;
    }
  }
  return undefined;
}

export function parseAuto(input: string, options: ParseOptions = {}): ParseResult<AutoResult> {
  const source = typeof input === 'string' ? input : '';
  const lines = splitLines(source);
  const linesText = sectionText(source, lines);
  const sections: AutoSection[] = [];
  let previous: { kind: SectionKind; start: number; end: number; prompted: boolean } | undefined;
  const flush = (): void => {
    if (!previous) {
      return;
    }
    const entry = parserFor(previous.kind);
    if (entry) {
      const text = linesText(previous.start, previous.end);
      sections.push({ kind: previous.kind, startLine: previous.start + 1, endLine: lastContentLine(lines, previous.start, previous.end), result: safeParse(entry, text, options) });
    }
    previous = undefined;
  };
  for (const seg of segment(lines)) {
    const text = linesText(seg.start, seg.end);
    if (text.trim() === '') {
      continue;
    }
    const kind = classify(text, seg.hint);
    if (!kind) {
      continue;
    }
    // One output split by an opener-looking line (whoami /all sections, a long gpsvc paste) stays one.
    if (previous && previous.kind === kind && !seg.prompted && (kind === 'whoami' || kind === 'gpsvc' || kind === 'id')) {
      previous.end = seg.end;
      continue;
    }
    flush();
    previous = { kind, start: seg.start, end: seg.end, prompted: seg.prompted };
  }
  flush();
  // Line offsets are relative to the section: shift warnings to input lines.
  for (const s of sections) {
    s.result = { ...s.result, warnings: s.result.warnings.map((w) => (w.line !== undefined ? { ...w, line: w.line + s.startLine - 1 } : w)) };
  }
  return { kind: 'auto', recognized: sections.length > 0, value: { sections }, warnings: [] };
}

/**
 * `(start, end) => lines.slice(start, end).join('\n')`. With LF line ends that text is a plain
 * substring of the input (no copy of a large section); CR line ends need the join.
 */
function sectionText(input: string, lines: readonly string[]): (start: number, end: number) => string {
  const body = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // splitLines drops the BOM
  let joinedLength = lines.length - 1;
  for (const l of lines) {
    joinedLength += l.length;
  }
  // CR line ends, or a paste form splitLines undid (HTML, fences, line numbers): join the lines.
  if (input.indexOf('\r') !== -1 || joinedLength !== body.length) {
    return (start, end) => lines.slice(start, end).join('\n');
  }
  const offsets = new Array<number>(lines.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < lines.length; i++) {
    offsets[i + 1] = (offsets[i] ?? 0) + (lines[i] ?? '').length + 1;
  }
  // The last line has no `\n` after it: `- 1` drops the separator after the section's last line.
  return (start, end) => (end > start ? body.slice(offsets[start], (offsets[end] ?? 0) - 1) : '');
}

function lastContentLine(lines: readonly string[], start: number, end: number): number {
  let e = end;
  while (e > start + 1 && (lines[e - 1] ?? '').trim() === '') {
    e--;
  }
  return e;
}

function safeParse(entry: KindEntry, text: string, options: ParseOptions): ParseResult<unknown> {
  try {
    return entry.parse(text, options);
  } catch (err) {
    // Parsers promise not to throw; if one does, the paste still shows the other sections.
    return { kind: entry.kind, recognized: false, value: null, warnings: [{ message: `parser failed: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}
