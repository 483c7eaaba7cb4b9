/**
 * `gpresult /r`: the security groups of the computer and user as Group Policy last recorded
 * them in WMI (RSoP). That record can be stale: `gpupdate /force` does not refresh it.
 */
import { pasteLines } from './klist';
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
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) {
    i++;
  }
  return i;
}

function valueAfter(text: string, label: string): string | null {
  if (!text.toLowerCase().startsWith(label.toLowerCase())) {
    return null;
  }
  const colon = text.indexOf(':', label.length - 1);
  return colon < 0 ? null : text.slice(colon + 1).trim();
}

function parseGpresultUnsafe(input: string, warnings: ParseWarning[]): { value: Gpresult; recognized: boolean } {
  const value = emptyGpresult();
  let section: Section | null = null;
  let list: OpenList | null = null;
  let markers = 0;

  for (const { text: raw, line } of pasteLines(input)) {
    const text = raw.trim();
    if (raw.length > 20_000) {
      warnings.push({ line, message: 'Skipped an overlong line.' });
      list = null;
      continue;
    }
    const indent = indentOf(raw);
    if (text === '') {
      list = null;
      continue;
    }
    if (DASHES.test(text)) {
      continue; // underline of a heading
    }
    if (/^COMPUTER SETTINGS$/i.test(text)) {
      section = 'computer';
      list = null;
      markers++;
      continue;
    }
    if (/^USER SETTINGS$/i.test(text)) {
      section = 'user';
      list = null;
      markers++;
      continue;
    }
    const rsop = RSOP.exec(text);
    if (rsop) {
      value.user = (rsop[1] ?? '').trim() || null;
      value.computer = (rsop[2] ?? '').trim() || null;
      markers++;
      continue;
    }
    const groups = GROUPS_HEADING.exec(text);
    if (groups) {
      const s: Section = (groups[1] ?? '').toLowerCase() === 'user' ? 'user' : 'computer';
      list = { kind: 'groups', section: s, headingIndent: indent, itemIndent: null };
      markers++;
      continue;
    }
    if (GPOS_HEADING.test(text) && section) {
      list = { kind: 'gpos', section, headingIndent: indent, itemIndent: null };
      continue;
    }
    if (OTHER_LIST_HEADING.test(text) && section) {
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
    if (/^(?:CN|OU|DC)=/i.test(text) && (section === 'user' ? value.userDn : value.computerDn) === null) {
      if (section === 'user') {
        value.userDn = text;
      } else {
        value.computerDn = text;
      }
      continue;
    }
    const last = valueAfter(text, 'Last time Group Policy was applied:');
    if (last !== null) {
      value.lastApplied[section] = last;
      continue;
    }
    const domain = valueAfter(text, 'Domain Name:');
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
