/**
 * Clean-up shared by every parser: real pastes carry CRLF, BOMs, Markdown quoting,
 * list or code-block indentation, trailing spaces and shell prompts.
 */

export interface SourceLine {
  /** The line with quoting and trailing whitespace removed; leading indentation kept. */
  text: string;
  /** 1-based line number in the original input. */
  line: number;
}

const BLOCKQUOTE = /^(?:[ \t]{0,3}>[ \t]?)+/;

/**
 * Splits on CRLF, CR or LF; drops a leading BOM; undoes what the way of pasting did to the lines
 * (see `undoPasteForm`), takes off what a log, a CI console or Vagrant wrote before each line
 * (see `stripLinePrefixes`), decodes output an automation tool handed over as string literals
 * (see `undoStringLiterals`) and takes off the columns a remote-execution tool printed before
 * each line (see `stripRunnerColumns`), so `auto` classifies and every parser reads the tool's text.
 */
export function splitLines(input: string): string[] {
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  text = undoHtml(text);
  text = undoQuotedPrintable(text);
  // A plain split is several times faster than the regex one, and most pastes have no CR.
  const lines = text.indexOf('\r') === -1 ? text.split('\n') : text.split(/\r\n|\r|\n/);
  return stripRunnerColumns(undoStringLiterals(text, stripLinePrefixes(undoPasteForm(text, lines))));
}

/**
 * What a log or a CI console writes before every line of a command's output: Jenkins'
 * timestamper (`09:06:23            Ticket cache: ...`), GitHub Actions and Azure DevOps
 * (`2024-01-30T11:13:17.2167890Z `), bracketed times (`[2024-01-30 11:13:17] `, `[11:13:17] `),
 * `2024-01-30 11:13:17,123 ` and syslog / journald (`Sep 24 03:43:07 host sh[7608]: `). A plain
 * `2024-01-30 11:13:17` needs exactly one blank after it: MIT klist's ISO-dated ticket rows put
 * two blanks between their columns.
 */
const LOG_PREFIX =
  /(?:\[(?:\d{4}-\d{2}-\d{2}[T ])?\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\]|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?| \d{2}:\d{2}:\d{2}(?:(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})|[.,]\d{1,9})?(?= ?[^\s\d]| *$))|\d{2}:\d{2}:\d{2}(?:[.,]\d{1,6})?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} [\w.-]{1,64} [^\s:[\]]{1,64}(?:\[\d{1,10}\])?:)(?=[ \t]|$)/y;

/** Lines with a log prefix a paste needs before any is taken off: one dated line may be the tool's own. */
const LOG_PREFIX_MIN_LINES = 3;

/**
 * Cheap guard before LOG_PREFIX: a digit with `:` at 2 or `-` at 4 (a time or a date), `[` and a
 * digit, or a capital, a small letter and a blank at 3 (a month), from `at` (after the lead).
 * `Ticket cache:`, klist's `04/19/16` rows and `uid=` fail on one to four characters.
 */
function mayHaveLogPrefix(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c >= 0x30 && c <= 0x39) {
    return text.charCodeAt(at + 2) === 0x3a || text.charCodeAt(at + 4) === 0x2d;
  }
  if (c === 0x5b) {
    const d = text.charCodeAt(at + 1);
    return d >= 0x30 && d <= 0x39;
  }
  if (c >= 0x41 && c <= 0x5a) {
    const d = text.charCodeAt(at + 1);
    return d >= 0x61 && d <= 0x7a && text.charCodeAt(at + 3) === 0x20;
  }
  return false;
}

/**
 * Blanks and `>` (Markdown quoting, a code block's indentation) before a log prefix or runner
 * columns: at most 8, kept.
 */
function logPrefixLead(text: string): number {
  let i = 0;
  while (i < 8 && i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x3e) {
      break;
    }
    i++;
  }
  return i;
}

/**
 * The log prefix taken off every line that has one, once LOG_PREFIX_MIN_LINES lines do, with
 * the blanks after it that all those lines share (Jenkins pads an indented output: its own
 * indentation stays relative). Quoting or indentation before the prefix stays. A line that is
 * only a prefix becomes empty. Vagrant's provisioner lines lose their machine name in the same
 * pass (stripVagrantDetail). In place; ordinary input costs one guard per line.
 */
function stripLinePrefixes(lines: string[]): string[] {
  // Per prefixed line: its index, where the prefix starts (after the lead) and where it ends.
  let found: number[] | undefined;
  let vagrant: Set<string> | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const c = text.charCodeAt(0);
    // The same pass notes Vagrant's `==> name:` lines (see stripVagrantDetail).
    if (c === 0x3d && text.startsWith('==> ')) {
      const m = RUNNER_PREFIX.exec(text);
      if (m) {
        (vagrant ??= new Set()).add(m[1] ?? '');
      }
      continue;
    }
    const lead = c === 0x20 || c === 0x09 || c === 0x3e ? logPrefixLead(text) : 0;
    if (!mayHaveLogPrefix(text, lead)) {
      continue;
    }
    LOG_PREFIX.lastIndex = lead;
    const m = LOG_PREFIX.exec(text);
    if (m) {
      (found ??= []).push(i, lead, lead + m[0].length);
    }
  }
  if (found && found.length >= LOG_PREFIX_MIN_LINES * 3) {
    stripLogPrefixes(lines, found);
  }
  if (vagrant) {
    stripVagrantDetail(lines, vagrant);
  }
  return lines;
}

/** Takes off the prefixes `found` locates (index, prefix start, prefix end per line). */
function stripLogPrefixes(lines: string[], found: readonly number[]): void {
  let shared = Number.POSITIVE_INFINITY;
  for (let k = 0; k < found.length; k += 3) {
    const text = lines[found[k] ?? 0] ?? '';
    const end = found[k + 2] ?? 0;
    let at = end;
    while (at < text.length && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09)) {
      at++;
    }
    if (at < text.length) {
      shared = Math.min(shared, at - end);
    }
  }
  const blanks = Number.isFinite(shared) ? shared : 0;
  for (let k = 0; k < found.length; k += 3) {
    const index = found[k] ?? 0;
    const text = lines[index] ?? '';
    const lead = found[k + 1] ?? 0;
    const cut = (found[k + 2] ?? 0) + blanks;
    const rest = text.length <= cut ? '' : text.slice(cut);
    lines[index] = lead === 0 ? rest : rest === '' ? trimTrailing(text.slice(0, lead)) : text.slice(0, lead) + rest;
  }
}

/**
 * Vagrant and Packer print each line a provisioner's command wrote as `    dc: text`, after
 * their own `==> dc: Running provisioner: ...`. Taken off only for machine names such a
 * `==> name:` line announces, so a tool's own `    Server: ...` field stays.
 */
function stripVagrantDetail(lines: string[], names: ReadonlySet<string>): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.length > 5 && l.charCodeAt(0) === 0x20 && l.startsWith('    ') && l.charCodeAt(4) !== 0x20) {
      const colon = l.indexOf(':', 5);
      if (colon !== -1 && colon <= 68 && names.has(l.slice(4, colon)) && (colon + 1 === l.length || l.charCodeAt(colon + 1) === 0x20)) {
        lines[i] = l.slice(Math.min(colon + 2, l.length));
      }
    }
  }
}

/**
 * Output an automation tool or a script handed over as string literals, decoded back into its
 * lines: Ansible's `"stdout_lines": [` lists (one JSON string a line; the `"stdout": "..."` line
 * that repeats them becomes blank), a JSON `"stdout": "..."` / `"stderr": "..."` value with
 * `\r\n` escapes (also in a one-line result), and a line that is one Python or JSON literal
 * with `\n` escapes that is a bytes literal or holds `\xNN` / `\uNNNN` escapes
 * (`b'uid=0(root) gid=0(root) \xe7\xbb\x84=0(root)\n'`: bytes literals' `\xNN` are UTF-8 bytes).
 */
function undoStringLiterals(text: string, lines: string[]): string[] {
  // Two searches over the whole text, each for a rare start (`"std`, a backslash and `n`): most
  // pastes have neither and pay no more (one search per key cost 2-5 ms on 10 MB).
  const std = text.indexOf('"std');
  const lists = std !== -1 && (text.indexOf('"stdout_lines"', std) !== -1 || text.indexOf('"stderr_lines"', std) !== -1);
  const values = std !== -1 && (text.indexOf('"stdout": "', std) !== -1 || text.indexOf('"stderr": "', std) !== -1);
  const literals = text.indexOf('\\n') !== -1;
  if (!lists && !values && !literals) {
    return lines;
  }
  let listOpen = false;
  if (lists) {
    for (const l of lines) {
      if (isListOpener(l)) {
        listOpen = true;
        break;
      }
    }
  }
  let out: string[] | undefined;
  let inList = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    let decoded: string[] | undefined;
    if (inList) {
      const t = l.slice(quoteMarker(l).length).trim();
      if (t === ']' || t === '],') {
        inList = false;
        decoded = [''];
      } else {
        const element = decodeListElement(t);
        decoded = element === undefined ? undefined : [element];
      }
    } else if (listOpen && isListOpener(l)) {
      inList = true;
      decoded = [''];
    } else if (values && (l.indexOf('"stdout": "') !== -1 || l.indexOf('"stderr": "') !== -1)) {
      decoded = listOpen ? [''] : decodeJsonValues(l);
    } else if (literals && l.indexOf('\\') !== -1) {
      decoded = decodeLiteralLine(l);
    }
    if (decoded && !out) {
      out = lines.slice(0, i);
    }
    if (out) {
      // Decoded lines keep the Markdown quote marker of the line they came from (the JSON's indentation goes).
      const quote = decoded ? quoteMarker(l) : '';
      for (const d of decoded ?? [l]) {
        out.push(quote === '' || d === '' ? d : quote + d);
      }
    }
  }
  return out ?? lines;
}

/** The `> ` quote markers a line starts with (`''` for most lines). */
function quoteMarker(l: string): string {
  let last = -1;
  for (let i = 0; i < l.length && i < 40; i++) {
    const c = l.charCodeAt(i);
    if (c === 0x3e) {
      last = i;
    } else if (c !== 0x20 && c !== 0x09) {
      break;
    }
  }
  if (last === -1) {
    return '';
  }
  return l.charCodeAt(last + 1) === 0x20 ? l.slice(0, last + 2) : l.slice(0, last + 1);
}

/** `"stdout_lines": [` (or `"stderr_lines": [`) at the end of a line: a multi-line JSON list opens. */
function isListOpener(l: string): boolean {
  const t = trimTrailing(l);
  return t.endsWith('_lines": [') && t.length <= 200;
}

/** One element line of such a list, `"text",` or `"text"`; undefined when it is not one. */
function decodeListElement(t: string): string | undefined {
  if (t.charCodeAt(0) !== 0x22) {
    return undefined;
  }
  const end = t.endsWith(',') ? t.length - 1 : t.length;
  if (end < 2 || t.charCodeAt(end - 1) !== 0x22) {
    return undefined;
  }
  const body = unescapeLiteral(t.slice(1, end - 1), 0x22, false);
  return body === undefined || body.indexOf('\n') !== -1 ? undefined : body;
}

/** Every `"stdout": "..."` / `"stderr": "..."` value of a JSON line, as lines; undefined when none decodes. */
function decodeJsonValues(l: string): string[] | undefined {
  const out: string[] = [];
  const re = /"(?:stdout|stderr)": "/g;
  for (let m = re.exec(l); m; m = re.exec(l)) {
    const start = m.index + m[0].length;
    const end = closingQuote(l, start, 0x22);
    if (end === -1) {
      return undefined;
    }
    const body = unescapeLiteral(l.slice(start, end), 0x22, false);
    if (body === undefined) {
      return undefined;
    }
    if (body !== '') {
      out.push(...splitDecoded(body));
    }
    re.lastIndex = end + 1;
  }
  return out.length > 0 ? out : [''];
}

/** The index of the quote that closes a literal whose body starts at `start` (-1 if none). */
function closingQuote(l: string, start: number, quote: number): number {
  for (let i = start; i < l.length; i++) {
    const c = l.charCodeAt(i);
    if (c === 0x5c) {
      i++;
    } else if (c === quote) {
      return i;
    }
  }
  return -1;
}

/**
 * A line that is one string literal (`'...'`, `"..."`, `b'...'`, `u'...'`, a trailing `,` or `)`
 * allowed, Markdown quoting before it) holding a `\n` escape, as its lines; undefined when it is not one.
 */
function decodeLiteralLine(l: string): string[] | undefined {
  let i = quoteMarker(l).length;
  while (i < l.length && (l.charCodeAt(i) === 0x20 || l.charCodeAt(i) === 0x09)) {
    i++;
  }
  let bytes = false;
  const p = l.charCodeAt(i);
  if (p === 0x62 || p === 0x75) {
    bytes = p === 0x62;
    i++;
  }
  const quote = l.charCodeAt(i);
  if (quote !== 0x27 && quote !== 0x22) {
    return undefined;
  }
  const end = closingQuote(l, i + 1, quote);
  if (end === -1 || !/^[ \t,;)]*$/.test(l.slice(end + 1))) {
    return undefined;
  }
  const raw = l.slice(i + 1, end);
  // A plain literal with only `\n`-style escapes is left to the whoami parser, which decodes it
  // and says so; bytes literals and `\xNN` / `\uNNNN` escapes (UTF-8 bytes, code points) are read here.
  if (raw.indexOf('\\n') === -1 || (!bytes && raw.indexOf('\\x') === -1 && raw.indexOf('\\u') === -1)) {
    return undefined;
  }
  const body = unescapeLiteral(raw, quote, bytes);
  return body === undefined ? undefined : splitDecoded(body);
}

/** Decoded text as lines; the line end that closes the output makes no empty last line. */
function splitDecoded(body: string): string[] {
  const parts = body.split(/\r\n|\r|\n/);
  if (parts.length > 1 && parts[parts.length - 1] === '') {
    parts.pop();
  }
  return parts;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', '/': '/', b: '\b', f: '\f', a: '\x07', v: '\v', '0': '\0' };

/**
 * A literal's body with its escapes undone; undefined when a backslash starts no escape or the
 * body holds its own quote unescaped. In a bytes literal `\xNN` runs are UTF-8 (Latin-1 when not).
 */
function unescapeLiteral(raw: string, quote: number, bytes: boolean): string | undefined {
  let out = '';
  let pending: number[] | undefined;
  const flush = (): void => {
    if (pending) {
      out += decodeBytes(pending);
      pending = undefined;
    }
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === quote) {
      return undefined;
    }
    if (c !== 0x5c) {
      flush();
      out += raw[i] ?? '';
      continue;
    }
    const e = raw[i + 1] ?? '';
    if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 2, i + 4))) {
      const v = parseInt(raw.slice(i + 2, i + 4), 16);
      if (bytes) {
        (pending ??= []).push(v);
      } else {
        out += String.fromCharCode(v);
      }
      i += 3;
      continue;
    }
    flush();
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple === undefined) {
      return undefined;
    }
    out += simple;
    i++;
  }
  flush();
  return out;
}

function decodeBytes(bytes: number[]): string {
  const buf = Uint8Array.from(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return String.fromCharCode(...bytes);
  }
}

/**
 * NetExec / CrackMapExec (`nxc smb|winrm|mssql|ssh ... -x cmd`) print each line the remote command
 * wrote after their own columns: protocol, target (an IPv4 or IPv6 address, or the host name it
 * was given), port and host name, padded (`SMB         10.0.0.5        445    DC01             `).
 * A Markdown indentation or quote marker may come before them. The columns may be all a line
 * holds (an empty output line, trailing blanks trimmed by the editor).
 */
const RUNNER_COLUMNS = /^[ \t>]{0,8}(?:SMB|SSH|WINRM|WMI|MSSQL|LDAPS?|RDP|FTP|VNC|NFS|HTTP)[ \t]+[\w.:%[\]-]{1,253}[ \t]+\d{1,5}[ \t]+\S{1,64}(?:[ \t]+|$)/;

/** Lines with runner columns a paste needs before any is stripped: one such line may be a tool's own. */
const RUNNER_MIN_LINES = 3;

/**
 * Cheap guard before RUNNER_COLUMNS: after at most 8 blanks or `>`, two capital letters, the first
 * one a protocol's initial (F, H, L, M, N, R, S, V, W). Ordinary lines (`Server:`, `User Name`,
 * `        Client:`, `uid=`) fail it on one or two characters.
 */
function mayHaveRunnerColumns(text: string): boolean {
  const i = logPrefixLead(text);
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  return a >= 0x46 && a <= 0x57 && b >= 0x41 && b <= 0x5a;
}

/** How many leading characters of `text` are runner columns (0 when it has none); no 3-line rule. */
export function runnerColumnsLength(text: string): number {
  if (!mayHaveRunnerColumns(text)) {
    return 0;
  }
  const m = RUNNER_COLUMNS.exec(text);
  return m ? m[0].length : 0;
}

/**
 * The runner's columns taken off every line that has them, once RUNNER_MIN_LINES lines do. The
 * host column is padded to one width, so for each target the shortest prefix that is followed by
 * text is where the tool's own text starts: a line whose text starts with spaces (klist's
 * `        Server:`) keeps them. A line that is only columns becomes empty. Changes `lines` in
 * place; ordinary input costs one guard per line and no allocation.
 */
function stripRunnerColumns(lines: string[]): string[] {
  let found: { index: number; key: string; length: number; whole: boolean }[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (!mayHaveRunnerColumns(text)) {
      continue;
    }
    const m = RUNNER_COLUMNS.exec(text);
    if (m) {
      const length = m[0].length;
      (found ??= []).push({ index: i, key: m[0].trim(), length, whole: trimTrailing(text).length <= length });
    }
  }
  if (!found || found.length < RUNNER_MIN_LINES) {
    return lines;
  }
  const widths = new Map<string, number>();
  for (const f of found) {
    if (!f.whole) {
      widths.set(f.key, Math.min(widths.get(f.key) ?? Number.POSITIVE_INFINITY, f.length));
    }
  }
  for (const f of found) {
    const text = lines[f.index] ?? '';
    lines[f.index] = f.whole ? '' : text.slice(Math.min(widths.get(f.key) ?? f.length, text.length));
  }
  return lines;
}

const HTML_BREAK = /<br\s*\/?>/gi;
const HTML_BLOCK_TAG = /<\/?(?:pre|code|p|div|span)\b[^<>]{0,200}>/gi;
const HTML_ENTITY: Readonly<Record<string, string>> = { '&gt;': '>', '&lt;': '<', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** Output copied out of a web page's source: `<br>` line breaks, `<pre>`/`<code>`/`<p>`... tags, `&gt;`. */
function undoHtml(text: string): string {
  // Every tag starts with `<`: tool output rarely has one, so most pastes skip the regex.
  const lt = text.indexOf('<');
  if (lt === -1 || lt >= 200_000 || !/<br\s*\/?>|<pre\b|<code\b/i.test(text.slice(lt, 200_000))) {
    return text;
  }
  return text.replace(HTML_BREAK, '\n').replace(HTML_BLOCK_TAG, '').replace(/&(?:gt|lt|amp|quot|#39|nbsp);/g, (e) => HTML_ENTITY[e] ?? e);
}

/**
 * Output pasted from a mail body in quoted-printable: lines cut at 76 columns with a trailing
 * `=` (`aes256-cts-hmac-sha3=` / `84-192`) and `=20` for a trailing space. Recognized by such a
 * soft break (a line of 70+ columns ending in one `=`, which no tool prints) or a line ending
 * in `=20`; then only soft breaks, `=20`, `=09` and `=3D` are undone.
 */
function undoQuotedPrintable(text: string): string {
  if (!looksQuotedPrintable(text.length > 200_000 ? text.slice(0, 200_000) : text)) {
    return text;
  }
  return text.replace(/([^=\r\n])=\r?\n/g, '$1').replace(/=20/g, ' ').replace(/=09/g, '\t').replace(/=3D/g, '=');
}

function looksQuotedPrintable(head: string): boolean {
  // A search for a pattern that starts with `=` stops at every `=` of a run: whoami's `====`
  // separator lines have hundreds. Where such runs exist, walk the line ends instead.
  return head.indexOf('==') === -1 ? hasQuotedPrintableMarkByEquals(head) : hasQuotedPrintableMarkByLineEnds(head);
}

/** A soft break (`=` before LF or CRLF, see isSoftBreak) or `=20` before a line end or the end. */
function hasQuotedPrintableMarkByEquals(head: string): boolean {
  for (let at = head.indexOf('=\n'); at !== -1; at = head.indexOf('=\n', at + 2)) {
    if (isSoftBreak(head, at)) {
      return true;
    }
  }
  for (let at = head.indexOf('=\r\n'); at !== -1; at = head.indexOf('=\r\n', at + 3)) {
    if (isSoftBreak(head, at)) {
      return true;
    }
  }
  for (let at = head.indexOf('=20'); at !== -1; at = head.indexOf('=20', at + 3)) {
    const next = head.charCodeAt(at + 3);
    if (Number.isNaN(next) || next === 0x0a || next === 0x0d) {
      return true;
    }
  }
  return false;
}

/** The same marks, found from the line ends (LF, CRLF, a bare CR, the end of the text). */
function hasQuotedPrintableMarkByLineEnds(head: string): boolean {
  for (let at = head.indexOf('\n'); at !== -1; at = head.indexOf('\n', at + 1)) {
    const end = head.charCodeAt(at - 1) === 0x0d ? at - 1 : at;
    if (head.charCodeAt(end - 1) === 0x3d && isSoftBreak(head, end - 1)) {
      return true;
    }
    if (head.startsWith('=20', at - 3) || head.startsWith('=20', end - 3)) {
      return true;
    }
  }
  for (let at = head.indexOf('\r'); at !== -1; at = head.indexOf('\r', at + 1)) {
    if (head.startsWith('=20', at - 3)) {
      return true;
    }
  }
  return head.endsWith('=20');
}

/** The `=` at `at` ends a line of 70+ columns and is not part of a `==` run. */
function isSoftBreak(head: string, at: number): boolean {
  const lineStart = head.lastIndexOf('\n', at - 1) + 1;
  return at - lineStart >= 70 && head.charCodeAt(at - 1) !== 0x3d;
}

/** The first character after blanks and `>` is a backtick or `~`. */
function mayBeFence(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x3e) {
      return c === 0x60 || c === 0x7e;
    }
  }
  return false;
}

/** A Markdown code fence (```text, ~~~): never tool output. */
const FENCE = /^[ \t>]*(?:`{3,}|~{3,})[ \t]*[\w+-]{0,20}[ \t]*$/;

/**
 * Paste forms that change whole lines: Markdown fence lines become blank lines (they delimit a
 * block, like a blank line), Markdown bold markers go, and the line numbers a web code viewer
 * copies, as lines of their own (`1`, first line, `2`, second line...) or in front of each line
 * (`1    $ kinit`, `01    klist -A`), are removed.
 */
function undoPasteForm(text: string, lines: string[]): string[] {
  let out = lines;
  if (text.indexOf('```') !== -1 || text.indexOf('~~~') !== -1) {
    // In place, and the regex only where a fence can start (after blanks and `>`): one fence
    // anywhere in a long paste made every line run it.
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (mayBeFence(l) && FENCE.test(l)) {
        lines[i] = '';
      }
    }
  }
  if (text.indexOf('**') !== -1) {
    out = out.map((l) => (l.indexOf('**') === -1 ? l : l.replace(BOLD, '$1')));
  }
  return dropInlineViewerLineNumbers(dropViewerLineNumbers(out));
}

/**
 * Markdown bold an author put around a line of output (`> **Windows failed to apply...**`). The
 * markers stand alone (no `*` or word character outside them) and the text inside starts and
 * ends with a non-blank that is not `*`, so redacted SIDs (`S-1-5-21-**********-...`) stay.
 */
const BOLD = /(?<![*\w])\*\*([^\s*](?:[^*\n]{0,2000}[^\s*])?)\*\*(?![*\w])/g;

/** The same for parsers that read lines themselves (GPSVC logs): line ends are kept. */
export function withoutMarkdownBold(text: string): string {
  return text.indexOf('**') === -1 ? text : text.replace(BOLD, '$1');
}

function dropViewerLineNumbers(lines: string[]): string[] {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0 || (lines[first] ?? '').trim() !== '1') {
    return lines;
  }
  // Numbers 1, 2, 3... each on its own line, one before every line of text (or every few).
  let expected = 1;
  const numbered: number[] = [];
  for (let i = first; i < lines.length; i++) {
    if ((lines[i] ?? '').trim() === String(expected)) {
      numbered.push(i);
      expected++;
    }
  }
  if (numbered.length < 5 || numbered.length * 3 < lines.length - first) {
    return lines;
  }
  const drop = new Set(numbered);
  return lines.filter((_, i) => !drop.has(i));
}

/** `12    text`: a line number in front of the line, and the blanks after it. */
const INLINE_LINE_NUMBER = /^(\d{1,4})(?=[ \t]|$)[ \t]*/;

/**
 * Runs of three or more lines numbered 1, 2, 3... (`01`, `02`... too) in front of their text lose
 * the numbers and the narrowest gap after them (so indentation inside the block stays). In place.
 */
function dropInlineViewerLineNumbers(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const c = (lines[i] ?? '').charCodeAt(0);
    if (c !== 0x30 && c !== 0x31) {
      continue; // a run starts at `1` or `01`
    }
    const first = INLINE_LINE_NUMBER.exec(lines[i] ?? '');
    if (!first || Number(first[1]) !== 1) {
      continue;
    }
    let end = i;
    let gap = Number.POSITIVE_INFINITY;
    for (; end < lines.length; end++) {
      const text = lines[end] ?? '';
      const m = INLINE_LINE_NUMBER.exec(text);
      if (!m || Number(m[1]) !== end - i + 1) {
        break;
      }
      if (text.length > m[0].length) {
        gap = Math.min(gap, m[0].length - (m[1] ?? '').length);
      }
    }
    if (end - i < 3) {
      continue;
    }
    for (let k = i; k < end; k++) {
      const text = lines[k] ?? '';
      const digits = (INLINE_LINE_NUMBER.exec(text)?.[1] ?? '').length;
      const cut = digits + (Number.isFinite(gap) ? gap : 0);
      lines[k] = text.length <= cut ? '' : text.slice(cut);
    }
    i = end - 1;
  }
  return lines;
}

function trimTrailing(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) {
      break;
    }
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

/** A `> ` quote marker can only sit in the first four columns: skip the regex otherwise. */
function mayBeQuoted(text: string): boolean {
  for (let i = 0; i < 4 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) {
      return true;
    }
    if (c !== 0x20 && c !== 0x09) {
      return false;
    }
  }
  return false;
}

/** Vagrant prints each line a provisioned machine writes as `==> dc: text`: the runner's prefix, not the tool's. */
const RUNNER_PREFIX = /^==> ([\w.-]{1,64}):(?: |$)/;

/**
 * Lines without Markdown `> ` quoting, a runner's line prefix, and trailing whitespace; the
 * line number of `lines[i]` is `i + 1`. Cleans in place, with no object per line: the hot path
 * of every parser on large input.
 */
export function cleanLineTexts(input: string): string[] {
  const lines = splitLines(input);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    let text = raw;
    if (mayBeQuoted(text)) {
      text = text.replace(BLOCKQUOTE, '');
    }
    // First-character guard, not an indexOf over the whole input: `=` runs (whoami's separator
    // lines) make a search for `==> ` slow.
    if (text.length > 4 && text.charCodeAt(0) === 0x3d && text.startsWith('==> ')) {
      text = text.replace(RUNNER_PREFIX, '');
    }
    // trimTrailing, not /\s+$/: that regex backtracks quadratically on long runs of inner spaces.
    text = trimTrailing(text);
    if (text !== raw) {
      lines[i] = text;
    }
  }
  return lines;
}

/** `cleanLineTexts` with each line's 1-based number. */
export function cleanLines(input: string): SourceLine[] {
  return cleanLineTexts(input).map((text, i) => ({ text, line: i + 1 }));
}

/**
 * Prompt lines as they appear in pastes: `PS C:\>`, `C:\Users\x>`, `beacon>`, `[root@host ~]#`,
 * `user@host:~$`, `$ `, `*Evil-WinRM* PS ...>`, a PowerShell remoting session's
 * `[dc01.corp.local]: PS C:\>`, SUSE's `host:~ #`, a shell's own `-sh-5.1$` / `bash-5.1#`; not a bare
 * `DC$` account line.
 */
const PROMPT = /^\s*(?:\*Evil-WinRM\*\s+|\[[\w.-]{1,100}\]: )?(?:PS [^>]{0,260}>|[A-Za-z]:\\[^>]{0,260}>|\w[\w.-]{0,63}>|\[[\w.@-]{1,64} [^\]]{0,200}\][$#](?:\s|$)|(?:[\w.-]{1,64}@[\w.-]{1,64}(?::[~\w/.-]{0,200})?|[\w.-]{0,64}:[~\w/.-]{0,200} ?|~[\w/.-]{0,200}|-?[a-z]{0,5}sh-\d{1,2}(?:\.\d{1,2}){0,2})?[$#](?:\s|$))/;

/** No prompt form is longer than this after its indentation (the regex's bounded parts add up to ~370). */
const PROMPT_REACH = 400;

/**
 * A Unix shell prompt line as `id` and `klist` pastes show them: the prompts isPromptLine knows
 * (also without the blank after the marker), `[user@host dir]$`, and macOS's bash
 * `host:dir user$` and zsh `user@host dir %`.
 */
export function isUnixShellPrompt(text: string): boolean {
  // Every form ends its prompt with `>`, `$`, `#` or `%`: most lines have none and skip the regexes.
  if (text.indexOf('$') === -1 && text.indexOf('#') === -1 && text.indexOf('>') === -1 && text.indexOf('%') === -1) {
    return false;
  }
  return isPromptLine(text) || isPromptLine(`${text} `) || BRACKET_PROMPT.test(text) || MAC_PROMPT.test(text);
}

const BRACKET_PROMPT = /^\s*\[[^\]\n]{1,200}\][$#%]/;
/** macOS: bash's `MachPower:~ tperfitt$`, `pinky:kerberostest mrpink$`; zsh's `user@host dir %`. */
const MAC_PROMPT = /^\s*(?:[\w.-]{1,64}:[^\s$#%]{0,200} [\w.-]{1,32}|[\w.-]{1,64}@[\w.-]{1,64} [^\s$#%]{1,200} ?)[$#%](?:\s|$)/;

export function isPromptLine(text: string): boolean {
  // Every prompt form ends in `>`, `$` or `#` within PROMPT_REACH characters of its start:
  // most lines have none there and skip the regex.
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) {
    start++;
  }
  const first = text.charCodeAt(start);
  if (first > 0x7f || (first < 0x20 && first !== 0x09)) {
    return PROMPT.test(text); // other white space (NBSP, ideographic space...): let the regex decide
  }
  if (text.startsWith('*Evil-WinRM*', start)) {
    return PROMPT.test(text); // its white space after the marker is unbounded
  }
  // indexOf runs natively: far cheaper than a loop over up to PROMPT_REACH characters.
  const reach = start + PROMPT_REACH;
  return (foundBefore(text, '>', start, reach) || foundBefore(text, '$', start, reach) || foundBefore(text, '#', start, reach)) && PROMPT.test(text);
}

function foundBefore(text: string, c: string, start: number, reach: number): boolean {
  const at = text.indexOf(c, start);
  return at !== -1 && at < reach;
}

/** Removes up to `width` columns of leading whitespace (tabs count as one). */
export function dedent(text: string, width: number): string {
  let i = 0;
  while (i < width && i < text.length && (text[i] === ' ' || text[i] === '\t')) {
    i++;
  }
  return text.slice(i);
}

/** Smallest indentation over the non-blank lines. */
export function commonIndent(lines: readonly string[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const l of lines) {
    if (l.trim() === '') {
      continue;
    }
    const m = /^[ \t]*/.exec(l);
    min = Math.min(min, m ? m[0].length : 0);
  }
  return Number.isFinite(min) ? min : 0;
}

/** Display width: East Asian wide and fullwidth characters take two console columns. */
export function displayWidth(text: string): number {
  if (!WIDE_OR_SURROGATE.test(text)) {
    return text.length;
  }
  let w = 0;
  for (const ch of text) {
    w += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  }
  return w;
}

/** Slices `text` by console columns (as `====` separator lines measure them). */
export function sliceByWidth(text: string, startCol: number, endCol?: number): string {
  if (isNarrow(text, endCol ?? text.length)) {
    // One column per UTF-16 unit up to endCol: a plain slice (the common, non-CJK case).
    return text.slice(startCol, endCol);
  }
  let col = 0;
  let out = '';
  for (const ch of text) {
    const w = isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    if (col >= startCol && (endCol === undefined || col < endCol)) {
      out += ch;
    }
    col += w;
    if (endCol !== undefined && col >= endCol) {
      break;
    }
  }
  return out;
}

/** Any code unit from U+1100 up: a wide character or a surrogate may be there. */
const WIDE_OR_SURROGATE = /[\u1100-\uffff]/;

/** True when the first `units` code units are all below U+1100 (no wide character, no surrogate). */
export function isNarrow(text: string, units: number): boolean {
  // The native regex scan is several times cheaper than a charCodeAt loop on most rows (ASCII).
  if (!WIDE_OR_SURROGATE.test(text)) {
    return true;
  }
  const end = Math.min(units, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) >= 0x1100) {
      return false;
    }
  }
  return true;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Exactly the characters a regex `\s` matches and `trim()` removes (ASCII blanks, NBSP, the Unicode spaces, BOM). */
export function isTrimSpace(code: number): boolean {
  if (code <= 0x20) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  }
  if (code < 0xa0) {
    return false;
  }
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** `text.slice(start, end).trim()` with one copy at most. */
export function trimmedSlice(text: string, start: number, end: number): string {
  let from = Math.min(start, text.length);
  let to = Math.min(end, text.length);
  while (from < to && isTrimSpace(text.charCodeAt(from))) {
    from++;
  }
  while (to > from && isTrimSpace(text.charCodeAt(to - 1))) {
    to--;
  }
  return text.slice(from, to);
}

/** `-----` alone (three or more), white space around it allowed; no trimmed copy of the line. */
export function isDashRule(text: string): boolean {
  let start = 0;
  let end = text.length;
  while (start < end && isTrimSpace(text.charCodeAt(start))) {
    start++;
  }
  while (end > start && isTrimSpace(text.charCodeAt(end - 1))) {
    end--;
  }
  if (end - start < 3) {
    return false;
  }
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== 0x2d) {
      return false;
    }
  }
  return true;
}

/** `text` as a literal inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
