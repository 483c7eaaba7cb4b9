/**
 * Locale-formatted dates as klist (Windows and MIT) and Heimdal print them.
 * We never guess between month/day and day/month: an `iso` is produced only when the
 * order is known (option), self-evident (a part above 12, a 4-digit first part, a dotted
 * date), or proven by another date of the same output.
 */
import type { DateOrder, TimeValue } from './types';

/**
 * `date time`: the date's separator is `.`, `/` or `-` (the same twice), optionally followed by
 * one space (`%d. %m. %y` of fr_CH); a dot may end the date (`%d.%m.%Y.` of sr_RS, `%Y.%m.%d.`
 * of lv_LV); the time's separator is `:` or `.` (the same twice: `%H.%M.%S` of fi_FI and sv_FI).
 * Groups: 1-3-4 date parts, 2 date separator, 5 hour, 6 time separator, 7 minutes, 8 seconds,
 * 9 fraction, 10 AM/PM.
 */
const NUMERIC = /^(\d{1,4})([./-]) ?(\d{1,2})\2 ?(\d{2,4})\.?[ T,]+(\d{1,2})([:.])(\d{2})(?:\6(\d{2}))?(?:[.:](\d{1,3}))?\s*([AaPp][Mm])?/;
const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
/** Heimdal: `Jul  5 11:29:31 2017`; also `Jul 5 11:29:31`. */
const MONTH_NAME = /^([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s+(\d{4}))?/;

/** NUMERIC's match of a trimmed string; skips the regex when it cannot start with a digit. */
function numericMatch(text: string): RegExpExecArray | null {
  const first = text.charCodeAt(0);
  return first >= 0x30 && first <= 0x39 ? NUMERIC.exec(text) : null;
}

/** The order the parts of one NUMERIC match prove by themselves, if any. */
function orderOfMatch(m: RegExpExecArray): DateOrder | undefined {
  const first = m[1] ?? '';
  if (first.length === 4) {
    return 'YMD';
  }
  const a = Number(first);
  const b = Number(m[3]);
  if (a > 12 && b <= 12) {
    return 'DMY';
  }
  if (b > 12 && a <= 12) {
    return 'MDY';
  }
  return undefined;
}

/**
 * The order a dotted date's format implies: every locale that writes `NN.NN.NNNN` or `NN.NN.NN`
 * puts the day first (glibc's de, ru, pl, fi, cs, uk, sr... and Windows' dd.MM.yyyy cultures;
 * none writes the month first with dots). Weaker than a proof by the numbers: a caller's
 * explicit order still wins, and it is not used to infer the order of other dates.
 */
function orderOfFormat(m: RegExpExecArray): DateOrder | undefined {
  return m[2] === '.' && (m[1] ?? '').length <= 2 ? 'DMY' : undefined;
}

/** The order a single date proves by itself, if any. */
export function evidentDateOrder(raw: string): DateOrder | undefined {
  const m = numericMatch(raw.trim());
  return m ? orderOfMatch(m) : undefined;
}

/** The order proven by the dates of one output, when they agree. */
export function inferDateOrder(raws: Iterable<string>): DateOrder | undefined {
  let found: DateOrder | undefined;
  for (const raw of raws) {
    const o = evidentDateOrder(raw);
    if (o === undefined || o === 'YMD') {
      continue;
    }
    if (found && found !== o) {
      return undefined; // contradictory evidence: stay unsure
    }
    found = o;
  }
  return found;
}

/** Two digits for the small non-negative integers of a date (month, day, hours...). */
function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function fullYear(y: number): number {
  return y < 100 ? 2000 + y : y;
}

function iso(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970 || y > 9999) {
    return undefined;
  }
  // y is 1970..9999 here: four digits without padding.
  return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
}

/**
 * Parses a date-time string. `order` is what the caller knows (setting, or inferred from
 * the same output); without it only self-evident dates get an `iso`.
 */
export function parseDateTime(raw: string, order?: DateOrder): TimeValue {
  const text = raw.trim();
  const result: TimeValue = { raw: text };
  const m = numericMatch(text);
  if (m) {
    const first = m[1] ?? '';
    const a = Number(first);
    const b = Number(m[3]);
    const c = Number(m[4]);
    let h = Number(m[5]);
    const mi = Number(m[7]);
    const s = Number(m[8] ?? '0');
    const ampm = m[10]?.toLowerCase();
    if (ampm === 'pm' && h < 12) {
      h += 12;
    } else if (ampm === 'am' && h === 12) {
      h = 0;
    }
    const effective = orderOfMatch(m) ?? order ?? orderOfFormat(m);
    let value: string | undefined;
    if (effective === 'YMD') {
      value = iso(a, b, c, h, mi, s);
    } else if (effective === 'MDY') {
      value = iso(fullYear(c), a, b, h, mi, s);
    } else if (effective === 'DMY') {
      value = iso(fullYear(c), b, a, h, mi, s);
    }
    if (value) {
      result.iso = value;
    }
    return result;
  }
  const n = MONTH_NAME.exec(text);
  if (n?.[6]) {
    const mo = MONTHS[(n[1] ?? '').toLowerCase()];
    if (mo) {
      const value = iso(Number(n[6]), mo, Number(n[2]), Number(n[3]), Number(n[4]), Number(n[5]));
      if (value) {
        result.iso = value;
      }
    }
  }
  return result;
}
