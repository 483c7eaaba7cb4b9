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

/** Splits on CRLF, CR or LF; drops a leading BOM. */
export function splitLines(input: string): string[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // A plain split is several times faster than the regex one, and most pastes have no CR.
  return text.indexOf('\r') === -1 ? text.split('\n') : text.split(/\r\n|\r|\n/);
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
const RUNNER_PREFIX = /^==> [\w.-]{1,64}:(?: |$)/;

/**
 * Lines without Markdown `> ` quoting, a runner's line prefix, and trailing whitespace; the
 * line number of `lines[i]` is `i + 1`. Cleans in place, with no object per line: the hot path
 * of every parser on large input.
 */
export function cleanLineTexts(input: string): string[] {
  const lines = splitLines(input);
  const mayHaveRunnerPrefix = input.indexOf('==> ') !== -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    let text = raw;
    if (mayBeQuoted(text)) {
      text = text.replace(BLOCKQUOTE, '');
    }
    if (mayHaveRunnerPrefix && text.startsWith('==> ')) {
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

/** Prompt lines as they appear in pastes: `PS C:\>`, `C:\Users\x>`, `beacon>`, `[root@host ~]#`, `user@host:~$`, `$ `, `*Evil-WinRM* PS ...>`; not a bare `DC$` account line. */
const PROMPT = /^\s*(?:\*Evil-WinRM\*\s+)?(?:PS [^>]{0,260}>|[A-Za-z]:\\[^>]{0,260}>|[\w.-]{1,64}>|\[[\w.@-]{1,64} [^\]]{0,200}\][$#](?:\s|$)|(?:[\w.-]{1,64}@[\w.-]{1,64}(?::[~\w/.-]{0,200})?|[\w.-]{0,64}:[~\w/.-]{0,200}|~[\w/.-]{0,200})?[$#](?:\s|$))/;

/** No prompt form is longer than this after its indentation (the regex's bounded parts add up to ~340). */
const PROMPT_REACH = 400;

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
  const end = Math.min(text.length, start + PROMPT_REACH);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e || c === 0x24 || c === 0x23) {
      return PROMPT.test(text);
    }
  }
  return false;
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

/** True when the first `units` code units are all below U+1100 (no wide character, no surrogate). */
export function isNarrow(text: string, units: number): boolean {
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
