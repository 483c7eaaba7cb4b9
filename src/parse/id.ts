/**
 * Linux `id` output (coreutils): `uid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)`,
 * with SELinux `context=...`, SSSD names such as `domain users@example.com` (spaces inside the
 * parentheses), several `id` runs pasted with prompts, and `getent passwd|group` lines around
 * them. Also `id -Gn` (space-separated names). Pure: never throws, linear time.
 */
import { cleanLines, isPromptLine } from './text';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export interface IdEntity {
  id: number;
  /** Null when `id` printed only the number (no NSS name for it). */
  name: string | null;
}

export interface IdRecord {
  uid: IdEntity;
  gid: IdEntity | null;
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
  return isPromptLine(text) || isPromptLine(`${text} `) || /^\s*\[[^\]\n]{1,200}\][$#%]/.test(text);
}

const UID_START = /(?:^|[\s>$#])uid=\d/;

/** Reads `id(name)` items separated by commas; a name may hold spaces, commas and balanced parentheses. */
function readItems(text: string, start: number, warnings: ParseWarning[], line: number): { items: IdEntity[]; end: number } {
  const items: IdEntity[] = [];
  let i = start;
  const n = text.length;
  for (;;) {
    const digitsStart = i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
      i++;
    }
    if (i === digitsStart) {
      break;
    }
    const id = Number(text.slice(digitsStart, i));
    let name: string | null = null;
    if (text[i] === '(') {
      const closed = readName(text, i + 1);
      if (closed.complete) {
        name = text.slice(i + 1, closed.close);
        i = closed.close + 1;
      } else {
        name = text.slice(i + 1);
        i = n;
        warnings.push({ line, message: `Unclosed parenthesis after ${id}.` });
      }
    }
    items.push({ id, name });
    if (text[i] === ',' && i + 1 < n && /\d/.test(text[i + 1] ?? '')) {
      i++;
      continue;
    }
    break;
  }
  return { items, end: i };
}

/**
 * Finds the `)` that closes a name: depth returns to zero and the next character ends the item
 * (`,`, space or end of line). A name such as `a)b` keeps its inner `)`; when nothing closes
 * cleanly the first `)` followed by a separator is used.
 */
function readName(text: string, from: number): { close: number; complete: boolean } {
  let depth = 1;
  let fallback = -1;
  for (let j = from; j < text.length; j++) {
    const ch = text[j];
    if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
      const next = text[j + 1];
      const endsItem = next === undefined || next === ',' || next === ' ' || next === '\t';
      if (endsItem) {
        if (depth === 0) {
          return { close: j, complete: true };
        }
        if (fallback < 0) {
          fallback = j;
        }
      }
    }
  }
  return fallback >= 0 ? { close: fallback, complete: true } : { close: text.length, complete: false };
}

/** Parses one `uid=... gid=... groups=... context=...` line starting at `start`. */
function parseIdLine(text: string, start: number, lineNo: number, warnings: ParseWarning[]): IdRecord | undefined {
  let uid: IdEntity | undefined;
  let gid: IdEntity | null = null;
  let groups: IdEntity[] = [];
  let context: string | null = null;
  let i = start;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) {
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
    const key = text.slice(i, eq).toLowerCase();
    i = eq + 1;
    if (/\d/.test(text[i] ?? '') && key !== 'context') {
      const { items, end } = readItems(text, i, warnings, lineNo);
      i = end;
      if (key === 'uid') {
        uid = items[0];
      } else if (key === 'gid') {
        gid = items[0] ?? null;
      } else {
        // `groups=` is translated in some locales (`Gruppen=`, `groupes=`): any list is the groups.
        groups = items;
      }
      if (i < n && text[i] !== ' ' && text[i] !== '\t') {
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
  return { uid, gid, groups, context, query: null, line: lineNo };
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
  return last.replace(/^(['"])(.*)\1$/, '$2');
}

function parseGetent(text: string, lineNo: number, value: IdResult): boolean {
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
  const value: IdResult = { uid: null, gid: null, groups: [], context: null, query: null, records: [], passwd: [], groupEntries: [] };
  try {
    let pendingQuery: string | null | undefined;
    for (const { text, line } of cleanLines(typeof input === 'string' ? input : '')) {
      const trimmed = text.trim();
      if (trimmed === '') {
        continue;
      }
      const m = UID_START.exec(trimmed);
      if (m) {
        const start = m.index + (m[0].startsWith('uid') ? 0 : 1);
        const record = parseIdLine(trimmed, start, line, warnings);
        if (record) {
          record.query = pendingQuery ?? null;
          value.records.push(record);
          pendingQuery = undefined;
          continue;
        }
      }
      if (isShellPrompt(trimmed)) {
        pendingQuery = idQuery(trimmed);
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

/** Cheap detector for the `auto` splitter. */
export function looksLikeId(input: string): boolean {
  return typeof input === 'string' && /(?:^|\s)uid=\d{1,10}(?:\([^)\n]{0,256}\))?[ \t]+gid=\d/.test(input);
}
