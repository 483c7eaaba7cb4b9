/**
 * `gpresult /r`: the security groups of the computer and user as Group Policy last recorded
 * them in WMI (RSoP). That record can be stale: `gpupdate /force` does not refresh it.
 */
import { cleanLineTexts } from './text';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export interface Gpresult {
  /** `The user is a part of the following security groups`. */
  userGroups: string[];
  /** `The computer is a part of the following security groups` (only when elevated). */
  computerGroups: string[];
  /** `acc\Administrator` from `RSOP data for acc\Administrator on DC : Logging Mode`. */
  user: string | null;
  /** `DC` from the same line. */
  computer: string | null;
  /** Distinguished names printed under each settings heading. */
  userDn: string | null;
  computerDn: string | null;
  /** `Domain Name:` of the first section that prints it. */
  domain: string | null;
  /** `Last time Group Policy was applied:` as printed (`5/30/2024 at 8:25:21 AM`). */
  lastApplied: { user: string | null; computer: string | null };
  appliedGpos: { user: string[]; computer: string[] };
}

type Section = 'computer' | 'user';
type ListKind = 'groups' | 'gpos' | 'other';

interface OpenList {
  kind: ListKind;
  section: Section;
  headingIndent: number;
  itemIndent: number | null;
}

const RSOP = /^RSOP data for (.{1,300}) on (.{1,300}?)\s*:\s*[^:]{1,80}$/i;
const GROUPS_HEADING = /^The (user|computer) is a part of the following security groups$/i;
const GPOS_HEADING = /^Applied Group Policy Objects$/i;
const OTHER_LIST_HEADING = /^The following GPOs were not applied because they were filtered out$/i;
const DASHES = /^-{3,}$/;

function emptyGpresult(): Gpresult {
  return {
    userGroups: [],
    computerGroups: [],
    user: null,
    computer: null,
    userDn: null,
    computerDn: null,
    domain: null,
    lastApplied: { user: null, computer: null },
    appliedGpos: { user: [], computer: [] },
  };
}

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) {
    i++;
  }
  return i;
}

/**
 * `lowerLabel` is lower-case ASCII without `k`. Only ASCII letters lower-case to those characters
 * one for one (the Kelvin sign gives `k`), so lower-casing the label's length of `text` is
 * `text.toLowerCase().startsWith(lowerLabel)` without copying the whole line.
 */
function valueAfter(text: string, lowerLabel: string): string | null {
  if (text.slice(0, lowerLabel.length).toLowerCase() !== lowerLabel) {
    return null;
  }
  const colon = text.indexOf(':', lowerLabel.length - 1);
  return colon < 0 ? null : text.slice(colon + 1).trim();
}

const LAST_APPLIED_LABEL = 'last time group policy was applied:';
const DOMAIN_LABEL = 'domain name:';

/**
 * The headings and labels are matched case-insensitively (regexes without `u`, or `toLowerCase`),
 * and only `X` and `x` fold to `x`; `| 0x20` maps exactly those two to `x`. Testing this first
 * letter spares most lines (group names, `Key: value` lines) every regex.
 */
const LOWER = 0x20;
const A = 0x61;
const C = 0x63;
const D = 0x64;
const L = 0x6c;
const O = 0x6f;
const R = 0x72;
const T = 0x74;
const U = 0x75;
const DASH = 0x2d;

function parseGpresultUnsafe(input: string, warnings: ParseWarning[]): { value: Gpresult; recognized: boolean } {
  const value = emptyGpresult();
  let section: Section | null = null;
  let list: OpenList | null = null;
  let markers = 0;

  const lines = cleanLineTexts(typeof input === 'string' ? input : '');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const line = index + 1;
    if (raw.length > 20_000) {
      warnings.push({ line, message: 'Skipped an overlong line.' });
      list = null;
      continue;
    }
    const text = raw.trim();
    const indent = indentOf(raw);
    if (text === '') {
      list = null;
      continue;
    }
    const initial = text.charCodeAt(0) | LOWER;
    if (initial === DASH && DASHES.test(text)) {
      continue; // underline of a heading
    }
    if (initial === C && /^COMPUTER SETTINGS$/i.test(text)) {
      section = 'computer';
      list = null;
      markers++;
      continue;
    }
    if (initial === U && /^USER SETTINGS$/i.test(text)) {
      section = 'user';
      list = null;
      markers++;
      continue;
    }
    const rsop = initial === R ? RSOP.exec(text) : null;
    if (rsop) {
      value.user = (rsop[1] ?? '').trim() || null;
      value.computer = (rsop[2] ?? '').trim() || null;
      markers++;
      continue;
    }
    const groups = initial === T ? GROUPS_HEADING.exec(text) : null;
    if (groups) {
      const s: Section = (groups[1] ?? '').toLowerCase() === 'user' ? 'user' : 'computer';
      list = { kind: 'groups', section: s, headingIndent: indent, itemIndent: null };
      markers++;
      continue;
    }
    if (initial === A && GPOS_HEADING.test(text) && section) {
      list = { kind: 'gpos', section, headingIndent: indent, itemIndent: null };
      continue;
    }
    if (initial === T && OTHER_LIST_HEADING.test(text) && section) {
      list = { kind: 'other', section, headingIndent: indent, itemIndent: null };
      continue;
    }
    if (list) {
      // Items are indented deeper than their heading; a paste that lost indentation ends at a blank line.
      const first = list.itemIndent === null;
      const deeper = indent > list.headingIndent || list.headingIndent === 0;
      if (first ? deeper : indent >= (list.itemIndent ?? 0)) {
        if (first) {
          list.itemIndent = indent;
        }
        if (indent === list.itemIndent) {
          if (list.kind === 'groups') {
            (list.section === 'user' ? value.userGroups : value.computerGroups).push(text);
          } else if (list.kind === 'gpos' && text.toUpperCase() !== 'N/A') {
            value.appliedGpos[list.section].push(text);
          }
        }
        continue;
      }
      list = null;
    }
    if (!section) {
      continue;
    }
    if ((initial === C || initial === O || initial === D) && /^(?:CN|OU|DC)=/i.test(text) && (section === 'user' ? value.userDn : value.computerDn) === null) {
      if (section === 'user') {
        value.userDn = text;
      } else {
        value.computerDn = text;
      }
      continue;
    }
    const last = initial === L ? valueAfter(text, LAST_APPLIED_LABEL) : null;
    if (last !== null) {
      value.lastApplied[section] = last;
      continue;
    }
    const domain = initial === D ? valueAfter(text, DOMAIN_LABEL) : null;
    if (domain !== null && value.domain === null) {
      value.domain = domain;
    }
  }
  return { value, recognized: markers > 0 };
}

/** Parses `gpresult /r` (user and, when elevated, computer security groups). */
export function parseGpresult(input: string, options: ParseOptions = {}): ParseResult<Gpresult> {
  void options; // dates are kept as printed ("5/30/2024 at 8:25:21 AM")
  const warnings: ParseWarning[] = [];
  try {
    const { value, recognized } = parseGpresultUnsafe(input, warnings);
    return { kind: 'gpresult', recognized, value, warnings };
  } catch (e) {
    warnings.push({ message: `Internal parser error: ${e instanceof Error ? e.message : String(e)}` });
    return { kind: 'gpresult', recognized: false, value: emptyGpresult(), warnings };
  }
}

/** The name the model layer imports. */
export type GpresultResult = Gpresult;

const LOOKS_LIKE_GPRESULT = /^[ \t>]*(?:RSOP data for |The (?:user|computer) is a part of the following security groups|(?:COMPUTER|USER) SETTINGS[ \t]*$)/im;

export function looksLikeGpresult(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  return LOOKS_LIKE_GPRESULT.test(input.slice(0, 200_000));
}
