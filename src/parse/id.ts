/**
 * Linux `id` output (coreutils): `uid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)`,
 * with SELinux `context=...`, SSSD names such as `domain users@example.com` (spaces inside the
 * parentheses), several `id` runs pasted with prompts, and `getent passwd|group` lines around
 * them. Also `id -Gn` (space-separated names). Pure: never throws, linear time.
 */
import { cleanLineTexts, cleanLines, isPromptLine } from './text';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export interface IdEntity {
  id: number;
  /** Null when `id` printed only the number (no NSS name for it). */
  name: string | null;
}

export interface IdRecord {
  uid: IdEntity;
  gid: IdEntity | null;
  /** Effective user id (`euid=0(root)` of a setuid program); null when `id` printed none (it equals uid). */
  euid: IdEntity | null;
  /** Effective group id (`egid=`); null when absent. */
  egid: IdEntity | null;
  groups: IdEntity[];
  /** SELinux `context=` (e.g. `unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023`). */
  context: string | null;
  /** The user argument of the `id` command, read from the prompt line before it. */
  query: string | null;
  /** 1-based line in the input. */
  line: number;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
  line: number;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
  line: number;
}

export interface IdResult {
  /** The first `id` record; null when the input has none. */
  uid: IdEntity | null;
  gid: IdEntity | null;
  /** The first record's `euid=`/`egid=` (null when absent). */
  euid: IdEntity | null;
  egid: IdEntity | null;
  groups: IdEntity[];
  context: string | null;
  query: string | null;
  /** Every `id` record in input order. */
  records: IdRecord[];
  /** `getent passwd` lines found around the `id` output. */
  passwd: PasswdEntry[];
  /** `getent group` lines. */
  groupEntries: GroupEntry[];
}

export interface IdGroupNamesResult {
  names: string[];
}

/**
 * Shell prompts: text.ts's `isPromptLine`, plus `user@host:~$` whose trailing space cleanLines
 * removed, and the bracketed `[root@host ~]# ` of RHEL shells.
 */
function isShellPrompt(text: string): boolean {
  // Every form ends its prompt with `>`, `$`, `#` or `%`: most lines have none and skip the regexes.
  if (text.indexOf('$') === -1 && text.indexOf('#') === -1 && text.indexOf('>') === -1 && text.indexOf('%') === -1) {
    return false;
  }
  return isPromptLine(text) || isPromptLine(`${text} `) || /^\s*\[[^\]\n]{1,200}\][$#%]/.test(text);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

// A backtick opens Markdown inline code or a JSX template literal (`{\`uid=...`) around the output.
const UID_START = /(?:^|[\s>$#`])uid=\d/;

/** Length of an author's elision mark (`...`, `…`) at `i`; 0 when there is none. */
function elisionAt(text: string, i: number): number {
  if (text.charCodeAt(i) === 0x2026 /* … */) {
    return 1;
  }
  if (!text.startsWith('...', i)) {
    return 0;
  }
  let j = i + 3;
  while (text.charCodeAt(j) === 0x2e /* . */) {
    j++;
  }
  return j - i;
}

/** `Number(text.slice(start, end))` for a run of ASCII digits, without the slice up to 15 digits (exact below 2^53). */
function digitsValue(text: string, start: number, end: number): number {
  if (end - start > 15) {
    return Number(text.slice(start, end));
  }
  let value = 0;
  for (let i = start; i < end; i++) {
    value = value * 10 + (text.charCodeAt(i) - 48);
  }
  return value;
}

/**
 * `text.slice(start, end).toLowerCase() === lowerKey` for a key of ASCII letters without `k`,
 * without copying: only `X` and `x` lower-case to `x` one for one (the Kelvin sign gives `k`),
 * and `| 0x20` maps exactly those two to `x`.
 */
function keyIs(text: string, start: number, end: number, lowerKey: string): boolean {
  if (end - start !== lowerKey.length) {
    return false;
  }
  for (let i = 0; i < lowerKey.length; i++) {
    if ((text.charCodeAt(start + i) | 0x20) !== lowerKey.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

/**
 * Reads `id(name)` items separated by commas; a name may hold spaces, commas and balanced
 * parentheses. An item may be an author's elision (`groups=...,27(sudo)`): skipped, and reported.
 */
function readItems(text: string, start: number, warnings: ParseWarning[], line: number): { items: IdEntity[]; end: number; elided: boolean } {
  const items: IdEntity[] = [];
  let i = start;
  let elided = false;
  const n = text.length;
  for (;;) {
    const elision = elisionAt(text, i);
    if (elision > 0) {
      elided = true;
      i += elision;
      if (text.charCodeAt(i) === 0x2c /* , */ && (isDigit(text.charCodeAt(i + 1)) || elisionAt(text, i + 1) > 0)) {
        i++;
        continue;
      }
      break;
    }
    const digitsStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) {
      i++;
    }
    if (i === digitsStart) {
      break;
    }
    const id = digitsValue(text, digitsStart, i);
    let name: string | null = null;
    if (text.charCodeAt(i) === 0x28 /* ( */) {
      const close = closingParenthesis(text, i + 1);
      if (close >= 0) {
        name = text.slice(i + 1, close);
        i = close + 1;
      } else {
        name = text.slice(i + 1);
        i = n;
        warnings.push({ line, message: `Unclosed parenthesis after ${id}.` });
      }
    }
    items.push({ id, name });
    if (text.charCodeAt(i) === 0x2c /* , */ && (isDigit(text.charCodeAt(i + 1)) || elisionAt(text, i + 1) > 0)) {
      i++;
      continue;
    }
    break;
  }
  return { items, end: i, elided };
}

/**
 * Finds the `)` that closes a name: depth returns to zero and the next character ends the item
 * (`,`, space or end of line). A name such as `a)b` keeps its inner `)`; when nothing closes
 * cleanly the first `)` followed by a separator is used; -1 when there is none.
 */
function closingParenthesis(text: string, from: number): number {
  let depth = 1;
  let fallback = -1;
  for (let j = from; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 0x28 /* ( */) {
      depth++;
    } else if (ch === 0x29 /* ) */) {
      depth = Math.max(0, depth - 1);
      const next = j + 1 < text.length ? text.charCodeAt(j + 1) : -1;
      const endsItem = next === -1 || next === 0x2c /* , */ || next === 0x20 || next === 0x09;
      if (endsItem) {
        if (depth === 0) {
          return j;
        }
        if (fallback < 0) {
          fallback = j;
        }
      }
    }
  }
  return fallback;
}

/** Parses one `uid=... gid=... groups=... context=...` line starting at `start`. */
function parseIdLine(text: string, start: number, lineNo: number, warnings: ParseWarning[]): IdRecord | undefined {
  let uid: IdEntity | undefined;
  let gid: IdEntity | null = null;
  let euid: IdEntity | null = null;
  let egid: IdEntity | null = null;
  let groups: IdEntity[] = [];
  let context: string | null = null;
  let i = start;
  const n = text.length;
  while (i < n) {
    while (i < n && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) {
      i++;
    }
    if (i >= n) {
      break;
    }
    const eq = text.indexOf('=', i);
    const space = text.indexOf(' ', i);
    if (eq < 0 || (space >= 0 && space < eq)) {
      warnings.push({ line: lineNo, message: `Unexpected text after id fields: ${text.slice(i, i + 80)}` });
      break;
    }
    const keyStart = i;
    i = eq + 1;
    if ((isDigit(text.charCodeAt(i)) || elisionAt(text, i) > 0) && !keyIs(text, keyStart, eq, 'context')) {
      const { items, end, elided } = readItems(text, i, warnings, lineNo);
      i = end;
      if (elided) {
        warnings.push({ line: lineNo, message: `The ${text.slice(keyStart, eq)}= list was shortened by hand (\`...\`): it shows only some of the entries.` });
      }
      if (keyIs(text, keyStart, eq, 'uid')) {
        uid = items[0];
      } else if (keyIs(text, keyStart, eq, 'gid')) {
        gid = items[0] ?? null;
      } else if (keyIs(text, keyStart, eq, 'euid')) {
        // Printed only when it differs from uid (a setuid program): never the groups.
        euid = items[0] ?? null;
      } else if (keyIs(text, keyStart, eq, 'egid')) {
        egid = items[0] ?? null;
      } else {
        // `groups=` is translated in some locales (`Gruppen=`, `groupes=`): any list is the groups.
        groups = items;
      }
      if (i < n && text.charCodeAt(i) !== 0x20 && text.charCodeAt(i) !== 0x09) {
        const key = text.slice(keyStart, eq).toLowerCase();
        warnings.push({ line: lineNo, message: `Unreadable ${key}= value near: ${text.slice(i, i + 80)}` });
        const skip = text.indexOf(' ', i);
        i = skip < 0 ? n : skip;
      }
    } else {
      // SELinux contexts contain no spaces.
      const end = text.indexOf(' ', i);
      const value = text.slice(i, end < 0 ? n : end);
      if (value.includes(':')) {
        context = value;
      }
      i = end < 0 ? n : end;
    }
  }
  if (!uid) {
    return undefined;
  }
  return { uid, gid, euid, egid, groups, context, query: null, line: lineNo };
}

/** The user argument of an `id [options] [user]` command on a prompt line. */
function idQuery(promptLine: string): string | null | undefined {
  const parts = promptLine.trim().split(/\s+/);
  let at = -1;
  for (let k = parts.length - 1; k >= 0; k--) {
    const p = parts[k] ?? '';
    if (p === 'id' || p.endsWith('$id') || p.endsWith('#id') || p.endsWith('>id')) {
      at = k;
      break;
    }
  }
  if (at < 0) {
    return undefined;
  }
  const args = parts.slice(at + 1).filter((a) => !a.startsWith('-'));
  const last = args.join(' ');
  if (last === '') {
    return null;
  }
  const quoted = /^(['"])(.*)\1$/.exec(last);
  // Quoted: as written; unquoted, the shell drops one backslash of each escape (`DOM\\user`).
  return quoted ? (quoted[2] ?? '') : last.replace(/\\(.)/g, '$1');
}

function parseGetent(text: string, lineNo: number, value: IdResult): boolean {
  if (text.indexOf(':') === -1) {
    return false; // not even two fields
  }
  const fields = text.split(':');
  if (fields.length === 7 && /^\d+$/.test(fields[2] ?? '') && /^\d+$/.test(fields[3] ?? '')) {
    value.passwd.push({
      name: fields[0] ?? '',
      uid: Number(fields[2]),
      gid: Number(fields[3]),
      gecos: fields[4] ?? '',
      home: fields[5] ?? '',
      shell: fields[6] ?? '',
      line: lineNo,
    });
    return true;
  }
  if (fields.length === 4 && (fields[0] ?? '') !== '' && /^\d+$/.test(fields[2] ?? '')) {
    const members = (fields[3] ?? '').split(',').filter((m) => m !== '');
    value.groupEntries.push({ name: fields[0] ?? '', gid: Number(fields[2]), members, line: lineNo });
    return true;
  }
  return false;
}

export function parseId(input: string, options: ParseOptions = {}): ParseResult<IdResult> {
  void options; // nothing in `id` output depends on the locale's date order
  const warnings: ParseWarning[] = [];
  const value: IdResult = { uid: null, gid: null, euid: null, egid: null, groups: [], context: null, query: null, records: [], passwd: [], groupEntries: [] };
  try {
    // The last prompt line, read by idQuery only when an `id` record follows it.
    let pendingPrompt: string | undefined;
    const lines = cleanLineTexts(typeof input === 'string' ? input : '');
    for (let index = 0; index < lines.length; index++) {
      const line = index + 1;
      const trimmed = (lines[index] ?? '').trim();
      if (trimmed === '') {
        continue;
      }
      // Most lines hold no `uid=`: skip the search regex for them.
      const m = trimmed.indexOf('uid=') === -1 ? null : UID_START.exec(trimmed);
      if (m) {
        const start = m.index + (m[0].startsWith('uid') ? 0 : 1);
        // A record someone re-wrapped for reading (`uid=...` / `gid=...` / `groups=...,` /
        // indented groups) is joined back into one line first.
        const joined = joinWrappedRecord(trimmed, lines, index + 1);
        index = joined.next - 1;
        // Inline code / a template literal closes after the output: `` `uid=... groups=...` ``.
        const recordText = m[0].startsWith('`') ? withoutClosingBacktick(joined.text) : joined.text;
        const record = parseIdLine(recordText, start, line, warnings);
        if (record) {
          record.query = pendingPrompt === undefined ? null : (idQuery(pendingPrompt) ?? null);
          value.records.push(record);
          pendingPrompt = undefined;
          continue;
        }
      }
      if (isShellPrompt(trimmed)) {
        pendingPrompt = trimmed;
        continue;
      }
      parseGetent(trimmed, line, value);
    }
  } catch (err) {
    warnings.push({ message: `Parser error: ${err instanceof Error ? err.message : String(err)}` });
  }
  const first = value.records[0];
  if (first) {
    value.uid = first.uid;
    value.gid = first.gid;
    value.euid = first.euid;
    value.egid = first.egid;
    value.groups = first.groups;
    value.context = first.context;
    value.query = first.query;
  }
  return { kind: 'id', recognized: value.records.length > 0, value, warnings };
}

/**
 * `id -Gn [user]`: names separated by single spaces. SSSD names may contain spaces
 * (`domain users@example.com`), so this output is ambiguous then: prefer `id -G` (numbers)
 * plus `getent group <gid>`. We split on spaces and warn when the names look split.
 */
export function parseIdGroupNames(input: string): ParseResult<IdGroupNamesResult> {
  const warnings: ParseWarning[] = [];
  const names: string[] = [];
  try {
    for (const { text, line } of cleanLines(typeof input === 'string' ? input : '')) {
      const trimmed = text.trim();
      if (trimmed === '' || isShellPrompt(trimmed) || trimmed.startsWith('```')) {
        continue;
      }
      names.push(...trimmed.split(/\s+/));
      const withDomain = names.filter((n) => n.includes('@')).length;
      if (withDomain > 0 && withDomain < names.length) {
        warnings.push({
          line,
          message: 'Some names carry @domain and some do not: SSSD names with spaces were probably split. Use `id -G` and `getent group` instead.',
        });
      }
      break;
    }
  } catch (err) {
    warnings.push({ message: `Parser error: ${err instanceof Error ? err.message : String(err)}` });
  }
  return { kind: 'id', recognized: names.length > 0, value: { names }, warnings };
}

const RECORD_PART = /^(?:gid|groups|context|euid|egid)=/;
/** A list field under any label (`groups=` is translated: `grupos=`, `группы=`), not a new record's `uid=`. */
const LIST_PART = /^(?!uid=)\p{L}{1,20}=(?:\d|\.\.\.|…)/u;
/** The record already has a list other than uid/gid/euid/egid, i.e. its groups. */
const HAS_GROUPS_LIST = /(?:^|[ \t])(?!e?[ug]id=)\p{L}{1,20}=(?:\d|\.\.\.|…)/u;

/**
 * `uid=...` followed by lines that continue the same record: `gid=`, `groups=`, `context=`,
 * a translated groups label while the record has no groups yet, or anything after a trailing comma.
 */
function joinWrappedRecord(first: string, lines: readonly string[], from: number): { text: string; next: number } {
  let text = first;
  let i = from;
  while (i < lines.length && i - from < 1000) {
    const piece = (lines[i] ?? '').trim();
    const continues = RECORD_PART.test(piece) || text.endsWith(',') || (LIST_PART.test(piece) && !HAS_GROUPS_LIST.test(text));
    if (piece === '' || !continues) {
      break;
    }
    text = text.endsWith(',') ? text + piece : `${text} ${piece}`;
    i++;
  }
  return { text, next: i };
}

/** Drops the backtick (and JSX `}`) that closes inline code or a template literal at the end of a record. */
function withoutClosingBacktick(text: string): string {
  const close = text.lastIndexOf('`');
  return close >= 0 && /^`\}?$/.test(text.slice(close)) ? text.slice(0, close).trimEnd() : text;
}

/** Cheap detector for the `auto` splitter. */
export function looksLikeId(input: string): boolean {
  // The same line, or the next (a record re-wrapped for reading); a backtick may open inline code.
  return typeof input === 'string' && /(?:^|[\s`])uid=\d{1,10}(?:\([^)\n]{0,256}\))?(?:[ \t]+|[ \t]*\r?\n[ \t]*)gid=\d/.test(input);
}
