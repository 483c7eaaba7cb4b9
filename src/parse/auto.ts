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
  { kind: 'unix-klist', looksLike: looksLikeUnixKlist, parse: parseUnixKlist },
  { kind: 'id', looksLike: looksLikeId, parse: parseId },
  { kind: 'gpsvc', looksLike: looksLikeGpsvc, parse: parseGpsvc },
];

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

/** Lines that open a tool's output even without a prompt before them. */
const OPENERS: readonly [RegExp, SectionKind | undefined][] = [
  [/^\s*(?:>\s*)*USER INFORMATION\s*$/, 'whoami'],
  [/^\s*(?:>\s*)*(?:Current|Targeted) LogonId is /i, undefined],
  [/^\s*(?:>\s*)*Ticket cache: /, 'unix-klist'],
  [/^\s*(?:>\s*)*Credentials cache: /, 'unix-klist'],
  [/^\s*(?:>\s*)*uid=\d+/, 'id'],
  [/^\s*(?:>\s*)*Updating [Pp]olicy\.\.\./, 'gpupdate'],
  [/^\s*(?:>\s*)*RSOP data for /i, 'gpresult'],
  [/^\s*(?:>\s*)*Microsoft \(R\) Windows \(R\) Operating System Group Policy Result tool/i, 'gpresult'],
];

interface RawSegment {
  start: number; // 0-based
  end: number; // exclusive
  hint?: SectionKind;
  prompted: boolean;
}

function segment(lines: readonly string[]): RawSegment[] {
  const segments: RawSegment[] = [];
  let current: RawSegment = { start: 0, end: 0, prompted: false };
  const open = (at: number, hint: SectionKind | undefined, prompted: boolean, includeLine: boolean): void => {
    current.end = at;
    if (current.end > current.start) {
      segments.push(current);
    }
    current = { start: includeLine ? at : at + 1, end: at + 1, prompted, ...(hint ? { hint } : {}) };
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.length < 400 && isPromptLine(text)) {
      const hint = kindFromCommand(text);
      open(i, hint, true, false);
      continue;
    }
    for (const [re, hint] of OPENERS) {
      if (text.length < 400 && re.test(text)) {
        // `Current LogonId` right after a `klist` prompt belongs to that prompt's section.
        const justPrompted = current.prompted && i - current.start <= 2;
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
  const lines = splitLines(typeof input === 'string' ? input : '');
  const sections: AutoSection[] = [];
  let previous: { kind: SectionKind; start: number; end: number; prompted: boolean } | undefined;
  const flush = (): void => {
    if (!previous) {
      return;
    }
    const entry = parserFor(previous.kind);
    if (entry) {
      const text = lines.slice(previous.start, previous.end).join('\n');
      sections.push({ kind: previous.kind, startLine: previous.start + 1, endLine: lastContentLine(lines, previous.start, previous.end), result: safeParse(entry, text, options) });
    }
    previous = undefined;
  };
  for (const seg of segment(lines)) {
    const text = lines.slice(seg.start, seg.end).join('\n');
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
