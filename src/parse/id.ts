/**
 * Linux `id` output (coreutils): `uid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)`,
 * with SELinux `context=...`, SSSD names such as `domain users@example.com` (spaces inside the
 * parentheses), several `id` runs pasted with prompts, and `getent passwd|group` lines around
 * them. Also `id -Gn` (space-separated names). Pure: never throws, linear time.
 */
import { cleanLines, cleanLineTexts, escapeRegExp, isUnixShellPrompt } from './text';
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

/** `id: 'bob': no such user` (or a translation): the user name does not resolve on that host. */
export interface IdError {
  message: string;
  /** The user the message names, without its quotes. */
  user: string;
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
  /** `id: 'x': no such user` lines (an unknown user). */
  errors: IdError[];
}

export interface IdGroupNamesResult {
  names: string[];
}


function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

// A backtick opens Markdown inline code or a JSX template literal (`{\`uid=...`) around the output.
// Case-insensitive: the Dutch, Croatian and Esperanto translations print `UID=`/`GID=`.
// Global, and read with test() and lastIndex: exec would build a match array for every record.
const UID_START = /(?:^|[\s>$#`])uid=\d/gi;

/**
 * Where `uid=` starts in `trimmed` (UID_START's match without its leading separator), or -1.
 * The match ends one digit after `uid=`, so `uid=` is 5 characters before its end.
 */
function uidStart(trimmed: string): number {
  UID_START.lastIndex = 0;
  return UID_START.test(trimmed) ? UID_START.lastIndex - 5 : -1;
}

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
 * What readItems read: one object per parse, reused for every list, so that a `uid=`/`gid=`
 * list (one item kept) allocates no array and a groups list is copied once at its length.
 */
interface ItemsReader {
  /** The items are `items[0]` to `items[count - 1]` (setting `length = 0` would free the buffer). */
  items: IdEntity[];
  count: number;
  /** Where the list ends. */
  end: number;
  /** The list had an author's elision. */
  elided: boolean;
  /**
   * The latest uid and gid names read: a user's private group, the groups list and the next
   * `id` of the same user repeat them, and an equal name is taken from here instead of a new
   * copy (see nameAt).
   */
  uidName: string | null;
  gidName: string | null;
}

function newItemsReader(): ItemsReader {
  return { items: [], count: 0, end: 0, elided: false, uidName: null, gidName: null };
}

/**
 * Reads `id(name)` items separated by commas into `reader`; a name may hold spaces, commas and
 * balanced parentheses. An item may be an author's elision (`groups=...,27(sudo)`): skipped,
 * and reported.
 */
function readItems(reader: ItemsReader, text: string, start: number, warnings: ParseWarning[], line: number): void {
  const items = reader.items;
  let count = 0;
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
        name = nameAt(reader, text, i + 1, close);
        i = close + 1;
      } else {
        name = text.slice(i + 1);
        i = n;
        warnings.push({ line, message: `Unclosed parenthesis after ${id}.` });
      }
    }
    items[count++] = { id, name };
    if (text.charCodeAt(i) === 0x2c /* , */ && (isDigit(text.charCodeAt(i + 1)) || elisionAt(text, i + 1) > 0)) {
      i++;
      continue;
    }
    break;
  }
  reader.count = count;
  reader.end = i;
  reader.elided = elided;
}

/** `text.slice(start, end)`, or the latest uid or gid name when it reads the same (compared in place). */
function nameAt(reader: ItemsReader, text: string, start: number, end: number): string {
  const { uidName, gidName } = reader;
  if (uidName !== null && uidName.length === end - start && text.startsWith(uidName, start)) {
    return uidName;
  }
  if (gidName !== null && gidName.length === end - start && text.startsWith(gidName, start)) {
    return gidName;
  }
  return text.slice(start, end);
}

/**
 * Finds the `)` that closes a name: depth returns to zero and the next character ends the item
 * (`,`, space or end of line). A name such as `a)b` keeps its inner `)`; when nothing closes
 * cleanly the first `)` followed by a separator is used; -1 when there is none.
 */
function closingParenthesis(text: string, from: number): number {
  // Most names hold no parenthesis: then the first `)` closes the name if an item ends there.
  const first = text.indexOf(')', from);
  if (first >= 0) {
    const open = text.indexOf('(', from);
    if ((open < 0 || open > first) && endsItemAt(text, first + 1)) {
      return first;
    }
  }
  let depth = 1;
  let fallback = -1;
  for (let j = from; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 0x28 /* ( */) {
      depth++;
    } else if (ch === 0x29 /* ) */) {
      depth = Math.max(0, depth - 1);
      if (endsItemAt(text, j + 1)) {
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

/** Whether an item ends at `i`: the end of the line, `,`, a space or a TAB. */
function endsItemAt(text: string, i: number): boolean {
  if (i >= text.length) {
    return true;
  }
  const next = text.charCodeAt(i);
  return next === 0x2c /* , */ || next === 0x20 || next === 0x09;
}

/** How an author's note after the record starts: a dash, an arrow or `//`, then a blank. */
const AUTHOR_NOTE = /^(?:-{1,3}|–|—|<-{1,3}|<={1,2}|-{1,2}>|={1,2}>|[←→⇐⇒]|\/\/)(?:\s|$)/;

/** Parses one `uid=... gid=... groups=... context=...` line starting at `start`. */
function parseIdLine(text: string, start: number, lineNo: number, warnings: ParseWarning[], reader: ItemsReader): IdRecord | undefined {
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
    if (text.charCodeAt(i) === 0x23 /* # */ && i > start) {
      // An author's shell comment after the output (`uid=3001(alice) gid=3001(alice)    # in the container`).
      break;
    }
    const eq = text.indexOf('=', i);
    const space = text.indexOf(' ', i);
    if (eq < 0 || (space >= 0 && space < eq)) {
      // An author's note after the output (`groups=1001(awx) - no groups`, `<- here`): no field.
      if (!(i > start && AUTHOR_NOTE.test(text.slice(i, i + 8)))) {
        warnings.push({ line: lineNo, message: `Unexpected text after id fields: ${text.slice(i, i + 80)}` });
      }
      break;
    }
    const keyStart = i;
    i = eq + 1;
    if ((isDigit(text.charCodeAt(i)) || elisionAt(text, i) > 0) && !keyIs(text, keyStart, eq, 'context')) {
      readItems(reader, text, i, warnings, lineNo);
      const first = reader.count > 0 ? reader.items[0] : undefined;
      i = reader.end;
      if (reader.elided) {
        warnings.push({ line: lineNo, message: `The ${text.slice(keyStart, eq)}= list was shortened by hand (\`...\`): it shows only some of the entries.` });
      }
      if (keyIs(text, keyStart, eq, 'uid')) {
        uid = first;
        reader.uidName = first?.name ?? null;
      } else if (keyIs(text, keyStart, eq, 'gid')) {
        gid = first ?? null;
        reader.gidName = first?.name ?? null;
      } else if (keyIs(text, keyStart, eq, 'euid')) {
        // Printed only when it differs from uid (a setuid program): never the groups.
        euid = first ?? null;
      } else if (keyIs(text, keyStart, eq, 'egid')) {
        egid = first ?? null;
      } else {
        // `groups=` is translated in some locales (`Gruppen=`, `groupes=`): any list is the groups.
        // A copy of the reader's buffer, at the list's length.
        groups = reader.items.slice(0, reader.count);
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

/**
 * The user arguments of an `id [options] [user...]` command on a prompt line, split as the
 * shell splits them (quotes group, an unquoted backslash escapes the next character);
 * undefined when the line runs no `id`.
 */
function idArgs(promptLine: string): string[] | undefined {
  const parts = promptLine.trim().split(WHITE_SPACE_RUN);
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
  // The arguments end where the command does: `id ; hostname`, `id bob && groups bob`,
  // `id bob; groups`, `id bob | tee x`, `id bob 2>/dev/null`, `id bob  # note`.
  const args: string[] = [];
  for (const word of shellWords(parts.slice(at + 1).join(' '))) {
    if (STARTS_NEXT_COMMAND.test(word)) {
      break;
    }
    const glued = GLUED_SEPARATOR.exec(word);
    if (glued) {
      if (glued.index > 0) {
        args.push(word.slice(0, glued.index));
      }
      break;
    }
    args.push(word);
  }
  return args.filter(isNotOption);
}

/** A word that is a separator, a redirection (`>x`, `2>&1`, `<x`) or an author's `#` comment, not an argument. */
const STARTS_NEXT_COMMAND = /^(?:[;&|#<>]|\d[<>])/;
/** `bob;`, `bob&&`, `bob|tee`: a separator glued to the end of an argument. */
const GLUED_SEPARATOR = /[;&|]/;

const WHITE_SPACE_RUN = /\s+/;

/**
 * The user arguments of an `id` command line without a prompt (notes list commands bare), when
 * the next line is its record: `id` is the line's first word, or the line starts with a command
 * that runs another (`sudo id bob`, `sudo docker-compose exec sshserver id -a testuser`,
 * `kubectl exec pod -- id`, `ssh host id bob`).
 */
function bareIdArgs(trimmed: string, nextLine: string | undefined): string[] | undefined {
  // Most lines hold no `id` word or are not followed by a record: cheap tests first.
  if (nextLine === undefined || trimmed.indexOf('id') === -1 || trimmed.indexOf('=') !== -1) {
    return undefined;
  }
  const next = nextLine.trim();
  if ((next.charCodeAt(0) | 0x20) !== 0x75 /* u */ || uidStart(next) !== 0) {
    return undefined;
  }
  const parts = trimmed.split(WHITE_SPACE_RUN);
  const at = parts.indexOf('id');
  if (at < 0 || (at > 0 && !RUNNING_COMMANDS.has(parts[0] ?? ''))) {
    return undefined;
  }
  return idArgs(trimmed);
}

const RUNNING_COMMANDS: ReadonlySet<string> = new Set(['sudo', 'doas', 'docker', 'docker-compose', 'podman', 'kubectl', 'oc', 'lxc', 'ssh']);

function isNotOption(word: string): boolean {
  return !word.startsWith('-');
}

/** Words of a command line: `'...'` and `"..."` group, an unquoted `\x` is `x`. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  // Plain characters join `word` a run at a time (`line.slice(run, i)`), not one by one.
  let run = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 0x20 || ch === 0x09) {
      if (inWord) {
        words.push(word + line.slice(run, i));
        word = '';
        inWord = false;
      }
      run = i + 1;
      continue;
    }
    inWord = true;
    if (ch === 0x27 /* ' */ || ch === 0x22 /* " */) {
      const close = line.indexOf(line.charAt(i), i + 1);
      if (close > i) {
        word += line.slice(run, i) + line.slice(i + 1, close);
        i = close;
        run = close + 1;
      }
    } else if (ch === 0x5c /* \ */ && i + 1 < line.length) {
      word += line.slice(run, i) + line.charAt(i + 1);
      i++;
      run = i + 1;
    }
    // Any other character (an unclosed quote too) stays in the run.
  }
  if (inWord) {
    words.push(word + line.slice(run));
  }
  return words;
}

/**
 * The text coreutils `id` prints after `id: <user>: ` for an unknown user, per language (the
 * msgstr of `%s: no such user` in coreutils' po files, lower case), plus the BSD/macOS and
 * old coreutils wording `No such user`. `%s` stands for the quoted user name.
 */
const NO_SUCH_USER: readonly string[] = [
  '%s: no such user',
  '%s: einen solchen benutzer gibt es nicht',
  '%s : utilisateur inexistant',
  '%s: no existe ese usuario',
  '%s: utilizador inexistente',
  '%s: usuário inexistente',
  "%s: l’usuari no existeix",
  '%s: uživatel neexistuje',
  '%s: ingen sådan bruger',
  '%s: ingen sådan användare',
  'brukeren %s finnes ikke',
  '%s: käyttäjää ei ole',
  '%s: onbekende gebruiker',
  '%s: nie ma takiego użytkownika',
  '%s: nincs ilyen felhasználó',
  '%s: nema takvog korisnika',
  '%s: uporabnik ne obstaja',
  '%s: sellist kasutajat pole',
  '%s: tiu uzanto ne ekzistas',
  '%s: böyle bir kullanıcı yok',
  '%s: такого пользователя нет',
  '%s: такого користувача не існує',
  '%s: няма такъв потребител',
  '%s: нема таквог корисника',
  '%s: không có người dùng này',
  '%s: そのようなユーザは存在しません',
  '%s: 이 사용자는 없습니다',
  '%s: 无此用户',
  '%s：無此使用者',
];

/** `^id: <message with the user captured>`, each space free to be any run of blanks (French prints a NO-BREAK SPACE before its colon). */
const NO_SUCH_USER_LINES: readonly RegExp[] = NO_SUCH_USER.map((m) => {
  const [before = '', after = ''] = m.split('%s');
  const part = (t: string): string => escapeRegExp(t).replace(/ /g, '\\s*');
  return new RegExp(`^id:\\s*${part(before)}(.{1,256}?)${part(after)}\\.?$`, 'iu');
});

/** Quotes the locale put around the name: `'x'`, `‘x’`, `„x“`, `‚x‘`, `« x »`, `"x"`, `「x」`. */
const NAME_QUOTES = /^(?:'([^']*)'|‘([^’]*)’|„([^“”]*)[“”]|‚([^‘’]*)[‘’]|«\s?([^»]*?)\s?»|"([^"]*)"|「([^」]*)」)$/u;

/** `id: 'x': no such user` (any translation) or BusyBox's `id: unknown user x`. */
function noSuchUser(trimmed: string, line: number): IdError | undefined {
  if (!trimmed.startsWith('id:') && !trimmed.startsWith('ID:')) {
    return undefined;
  }
  // An author's comment after the message.
  const comment = /\s#\s/.exec(trimmed);
  const message = (comment ? trimmed.slice(0, comment.index) : trimmed).trim();
  let name: string | undefined;
  const busybox = /^id:\s*unknown user (\S{1,256})$/i.exec(message);
  if (busybox) {
    name = busybox[1];
  } else {
    for (const re of NO_SUCH_USER_LINES) {
      const m = re.exec(message);
      if (m) {
        name = m[1];
        break;
      }
    }
  }
  if (name === undefined) {
    return undefined;
  }
  const quoted = NAME_QUOTES.exec(name.trim());
  const user = quoted ? (quoted.slice(1).find((g) => g !== undefined) ?? '') : name.trim();
  return { message: message.replace(/^id:\s*/i, ''), user, line };
}

const DIGITS = /^\d+$/;

function parseGetent(text: string, lineNo: number, value: IdResult): boolean {
  if (text.indexOf(':') === -1) {
    return false; // not even two fields
  }
  const fields = text.split(':');
  if (fields.length === 7 && DIGITS.test(fields[2] ?? '') && DIGITS.test(fields[3] ?? '')) {
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
  if (fields.length === 4 && (fields[0] ?? '') !== '' && DIGITS.test(fields[2] ?? '')) {
    const members = (fields[3] ?? '').split(',').filter((m) => m !== '');
    value.groupEntries.push({ name: fields[0] ?? '', gid: Number(fields[2]), members, line: lineNo });
    return true;
  }
  return false;
}

export function parseId(input: string, options: ParseOptions = {}): ParseResult<IdResult> {
  void options; // nothing in `id` output depends on the locale's date order
  const warnings: ParseWarning[] = [];
  const value: IdResult = { uid: null, gid: null, euid: null, egid: null, groups: [], context: null, query: null, records: [], passwd: [], groupEntries: [], errors: [] };
  try {
    // The user arguments of the last prompt's `id` command, not yet matched to its output:
    // `id alice bob` prints one record (or one `no such user` line) per user, in order.
    let pendingArgs: string[] | undefined;
    const nextQuery = (): string | null => {
      const q = pendingArgs?.shift() ?? null;
      if (pendingArgs && pendingArgs.length === 0) {
        pendingArgs = undefined;
      }
      return q;
    };
    const lines = cleanLineTexts(typeof input === 'string' ? input : '');
    const reader = newItemsReader();
    for (let index = 0; index < lines.length; index++) {
      const line = index + 1;
      const trimmed = (lines[index] ?? '').trim();
      if (trimmed === '') {
        continue;
      }
      // Most lines hold no `uid=`: skip the search regex for them.
      const start = trimmed.indexOf('uid=') === -1 && trimmed.indexOf('UID=') === -1 ? -1 : uidStart(trimmed);
      if (start >= 0) {
        // A record someone re-wrapped for reading (`uid=...` / `gid=...` / `groups=...,` /
        // indented groups) is joined back into one line first.
        const joined = joinWrappedRecord(trimmed, lines, index + 1);
        index = joined.next - 1;
        if (joined.elidedLine !== undefined) {
          warnings.push({ line: joined.elidedLine + 1, message: 'A line of this id output was left out by hand (`...`): its groups are not all shown.' });
        }
        // Inline code / a template literal closes after the output: `` `uid=... groups=...` ``.
        const recordText = start > 0 && trimmed.charCodeAt(start - 1) === 0x60 /* ` */ ? withoutClosingBacktick(joined.text) : joined.text;
        const record = parseIdLine(recordText, start, line, warnings, reader);
        if (record) {
          record.query = nextQuery();
          value.records.push(record);
          continue;
        }
      }
      const error = noSuchUser(trimmed, line);
      if (error) {
        nextQuery();
        value.errors.push(error);
        continue;
      }
      if (isUnixShellPrompt(trimmed)) {
        const args = idArgs(trimmed);
        pendingArgs = args && args.length > 0 ? args : undefined;
        continue;
      }
      // A command written without a prompt (`id awx`, `sudo id bob`) right above its record.
      const bare = bareIdArgs(trimmed, lines[index + 1]);
      if (bare !== undefined) {
        pendingArgs = bare.length > 0 ? bare : undefined;
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
  return { kind: 'id', recognized: value.records.length > 0 || value.errors.length > 0, value, warnings };
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
      if (trimmed === '' || isUnixShellPrompt(trimmed) || trimmed.startsWith('```')) {
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

const RECORD_PART = /^(?:gid|groups|context|euid|egid)=/i;
/** A list field under any label (`groups=` is translated: `grupos=`, `группы=`), not a new record's `uid=`. */
const LIST_PART = /^(?!uid=)\p{L}{1,20}=(?:\d|\.\.\.|…)/iu;
/** The record already has a list other than uid/gid/euid/egid, i.e. its groups. */
const HAS_GROUPS_LIST = /(?:^|[ \t])(?!e?[ug]id=)\p{L}{1,20}=(?:\d|\.\.\.|…)/iu;
/** The SELinux context under a translated label (`Kontext=`, `contexto=`, `контекст=`): `user:role:type...`. */
const CONTEXT_PART = /^\p{L}{1,20}=[\w.-]+:[\w.-]+:[\w.-]+(?:[:\\\s]|$)/u;
/** The record already has a `label=user:role:...` field. */
const HAS_CONTEXT = /(?:^|[ \t])\p{L}{1,20}=[^\s=:]+:[^\s=:]+:/u;
/** A line that is only an author's elision mark. */
const ELISION_LINE = /^(?:\.{3,}|…)$/;

/** Whether `piece` continues the record `text` (one of its fields, wrapped onto its own line). */
function continuesRecord(text: string, piece: string): boolean {
  return RECORD_PART.test(piece) || (LIST_PART.test(piece) && !HAS_GROUPS_LIST.test(text)) || (CONTEXT_PART.test(piece) && !HAS_CONTEXT.test(text));
}

/**
 * `uid=...` followed by lines that continue the same record: `gid=`, `groups=`, `context=`,
 * a translated groups label while the record has no groups yet, a translated context label,
 * anything after a trailing comma, or after a trailing backslash (an author's shell-style
 * line continuation: `gid=1000(x) \` / `Gruppen=...,\` / `s0-s0\` + `:c0.c1023`). A line of
 * only `...` between two parts of the record is an author's cut: skipped, and reported.
 */
function joinWrappedRecord(first: string, lines: readonly string[], from: number): { text: string; next: number; elidedLine: number | undefined } {
  let text = first;
  let i = from;
  /** 0-based index of the `...` line, when there is one. */
  let elidedLine: number | undefined;
  while (i < lines.length && i - from < 1000) {
    const piece = (lines[i] ?? '').trim();
    if (piece === '') {
      break;
    }
    if (text.endsWith('\\')) {
      // The backslash and the line end go; a blank before the backslash stays.
      text = text.slice(0, -1) + piece;
      i++;
      continue;
    }
    if (ELISION_LINE.test(piece)) {
      const after = (lines[i + 1] ?? '').trim();
      if (after !== '' && continuesRecord(text, after)) {
        elidedLine ??= i;
        i++;
        continue;
      }
      break;
    }
    if (!text.endsWith(',') && !continuesRecord(text, piece)) {
      break;
    }
    text = text.endsWith(',') ? text + piece : `${text} ${piece}`;
    i++;
  }
  return { text, next: i, elidedLine };
}

/** Drops the backtick (and JSX `}`) that closes inline code or a template literal at the end of a record. */
function withoutClosingBacktick(text: string): string {
  const close = text.lastIndexOf('`');
  return close >= 0 && /^`\}?$/.test(text.slice(close)) ? text.slice(0, close).trimEnd() : text;
}

/** Cheap detector for the `auto` splitter. */
export function looksLikeId(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  // The same line, or the next (a record re-wrapped for reading, maybe after a `\`); a backtick
  // may open inline code; `UID=`/`GID=` in the Dutch and Croatian translations.
  if (/(?:^|[\s`])uid=\d{1,10}(?:\([^)\n]{0,256}\))?(?:[ \t]+|[ \t]*\\?\r?\n[ \t]*)gid=\d/i.test(input)) {
    return true;
  }
  // `id: 'bob': no such user` alone is an answer too: that account does not resolve there.
  return /(?:^|\n)[ \t>]*id:/i.test(input) && cleanLineTexts(input.length > 200_000 ? input.slice(0, 200_000) : input).some((l, i) => i < 2000 && noSuchUser(l.trim(), i + 1) !== undefined);
}
