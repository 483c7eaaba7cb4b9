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
  /** `acc\Administrator` from `RSOP data for acc\Administrator on DC : Logging Mode` (French `Données RSOP pour X sur Y`). */
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
  /** `INFO: The user "dom\name" does not have RSoP data.`: gpresult has no record of that user here. */
  noRsopData: { user: string } | null;
  /**
   * `The following GPOs were not applied because they were filtered out`: each GPO with its
   * `Filtering:` reason as printed (`Not Applied (Empty)`, `Denied (WMI Filter)`); `scope` is the
   * settings section it was listed under (null in an excerpt without one).
   */
  filteredGpos: FilteredGpo[];
}

export interface FilteredGpo {
  name: string;
  reason: string;
  scope: 'computer' | 'user' | null;
}

type Section = 'computer' | 'user';
type ListKind = 'groups' | 'gpos' | 'filtered';

interface OpenList {
  kind: ListKind;
  section: Section | null;
  headingIndent: number;
  itemIndent: number | null;
  /** Filtered list: the GPO name read last, waiting for its `Filtering:` line. */
  pendingGpo?: string | null;
}

/**
 * The headings and labels of one display language, lower-case with `'` for the apostrophe
 * (French prints `’`). Only wordings seen in real output: a guessed translation would make a
 * wrong match look authoritative.
 */
interface GpresultLanguage {
  /** `RSOP data for <user> on <computer> : Logging Mode`. */
  rsop?: RegExp;
  computerSettings?: string;
  userSettings?: string;
  userGroups?: string;
  computerGroups?: string;
  appliedGpos?: string;
  /** First line of the filtered-out GPO list's heading (French wraps it over two lines). */
  filteredGpos?: string;
  /** Labels before `:`, which French pads with dots (`Nom du domaine...... :`). */
  lastApplied?: string;
  domainName?: string;
  /** The reason line under each filtered-out GPO (`Filtering:  Not Applied (Empty)`). */
  filtering?: string;
}

const ENGLISH: GpresultLanguage = {
  rsop: /^RSOP data for (.{1,300}) on (.{1,300}?)\s*:\s*[^:]{1,80}$/i,
  computerSettings: 'computer settings',
  userSettings: 'user settings',
  userGroups: 'the user is a part of the following security groups',
  computerGroups: 'the computer is a part of the following security groups',
  appliedGpos: 'applied group policy objects',
  filteredGpos: 'the following gpos were not applied because they were filtered out',
  lastApplied: 'last time group policy was applied',
  domainName: 'domain name',
  filtering: 'filtering',
};

const FRENCH: GpresultLanguage = {
  rsop: /^Données RSOP pour (.{1,300}) sur (.{1,300}?)\s*:\s*[^:]{1,80}$/i,
  computerSettings: "paramètre de l'ordinateur",
  userSettings: 'paramètres utilisateurs',
  userGroups: "l'utilisateur fait partie des groupes de sécurité suivants",
  computerGroups: "l'ordinateur fait partie des groupes de sécurité suivants",
  appliedGpos: 'objets stratégie de groupe appliqués',
  filteredGpos: "les objets stratégie de groupe n'ont pas été appliqués",
  lastApplied: 'heure de la dernière application de la stratégie de groupe',
  domainName: 'nom du domaine',
  filtering: 'filtrage',
};

/** pt-BR: only the lines real excerpts show (`gpresult /r /scope computer|user`). */
const PORTUGUESE: GpresultLanguage = {
  computerGroups: 'o computador faz parte dos seguintes grupos de segurança',
  filteredGpos: 'os gpos a seguir não foram aplicados porque foram filtrados',
  filtering: 'filtragem',
};

const LANGUAGES: readonly GpresultLanguage[] = [ENGLISH, FRENCH, PORTUGUESE];

type Heading = { kind: 'section'; section: Section } | { kind: 'list'; list: ListKind; section: Section | null };

/** Every language's headings by their folded text. */
function headingsOf(l: GpresultLanguage): [string, Heading][] {
  const entries: [string | undefined, Heading][] = [
    [l.computerSettings, { kind: 'section', section: 'computer' }],
    [l.userSettings, { kind: 'section', section: 'user' }],
    [l.userGroups, { kind: 'list', list: 'groups', section: 'user' }],
    [l.computerGroups, { kind: 'list', list: 'groups', section: 'computer' }],
    [l.appliedGpos, { kind: 'list', list: 'gpos', section: null }],
    [l.filteredGpos, { kind: 'list', list: 'filtered', section: null }],
  ];
  const out: [string, Heading][] = [];
  for (const [text, heading] of entries) {
    if (text !== undefined) {
      out.push([text, heading]); // a language lists only the headings real output shows
    }
  }
  return out;
}

const HEADINGS: ReadonlyMap<string, Heading> = new Map(LANGUAGES.flatMap(headingsOf));

/**
 * Cheap filters before folding a line: a heading has one of these lengths (folding keeps the
 * length: `’` becomes `'`, `È` becomes `è`) and starts with one of these ASCII letters.
 */
const HEADING_LENGTHS: ReadonlySet<number> = new Set([...HEADINGS.keys()].map((h) => h.length));
const LOWER = 0x20;
const HEADING_INITIALS: ReadonlySet<number> = new Set([...HEADINGS.keys()].map((h) => h.charCodeAt(0)));

interface ValueLabel {
  label: string;
  field: 'lastApplied' | 'domain';
}

const VALUE_LABELS: readonly ValueLabel[] = LANGUAGES.flatMap((l): ValueLabel[] => [
  ...(l.lastApplied !== undefined ? [{ label: l.lastApplied, field: 'lastApplied' as const }] : []),
  ...(l.domainName !== undefined ? [{ label: l.domainName, field: 'domain' as const }] : []),
]);
/** `Filtering:` / `Filtrage :` / `Filtragem:` in every language that shows it. */
const FILTERING_LABELS: readonly string[] = LANGUAGES.flatMap((l) => (l.filtering !== undefined ? [l.filtering] : []));

/** The reason on a `Filtering:` line, or null when the line is not one. */
function filteringReason(text: string): string | null {
  for (const label of FILTERING_LABELS) {
    const found = valueAfter(text, label);
    if (found !== null) {
      return found;
    }
  }
  return null;
}
const VALUE_INITIALS: ReadonlySet<number> = new Set(VALUE_LABELS.map((v) => v.label.charCodeAt(0)));

const TYPOGRAPHIC_APOSTROPHES = /[\u2019\u2018\u02bc]/g;

/** Lower case, with the typographic apostrophes Windows (or an editor) prints as `'`. */
function fold(text: string): string {
  const lower = text.toLowerCase();
  return lower.indexOf('\u2019') === -1 && lower.indexOf('\u2018') === -1 && lower.indexOf('\u02bc') === -1 ? lower : lower.replace(TYPOGRAPHIC_APOSTROPHES, "'");
}

/**
 * The value after `label`, dots and spaces and `:` (`Domain Name:  acc`, `Nom du domaine..... : X`),
 * or null when the line does not start with that label.
 */
function valueAfter(text: string, label: string): string | null {
  if ((text.charCodeAt(0) | LOWER) !== label.charCodeAt(0) || fold(text.slice(0, label.length)) !== label) {
    return null;
  }
  let i = label.length;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x2e || text.charCodeAt(i) === 0x09)) {
    i++;
  }
  return text.charCodeAt(i) === 0x3a ? text.slice(i + 1).trim() : null;
}

const DASHES = /^-{3,}$/;

/** `[...]`, `...`, `…`: the author cut the output here. */
const ELISION = /^(?:\[(?:\.{2,3}|…)\]|\.{3}|…)$/;

/** `INFO: The user "dom\name" does not have RSoP data.` (gpresult /user for someone never logged on here). */
const NO_RSOP = /does not have rsop data/i;
const THE_USER = 'the user ';

function noRsopUser(text: string): string | null {
  const at = text.search(NO_RSOP);
  if (at < 3 || text.charCodeAt(at - 1) !== 0x20 || text.charCodeAt(at - 2) !== 0x22) {
    return null;
  }
  const open = text.lastIndexOf('"', at - 3);
  if (open < THE_USER.length || text.slice(open - THE_USER.length, open).toLowerCase() !== THE_USER) {
    return null;
  }
  return text.slice(open + 1, at - 2).trim() || null;
}

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
    noRsopData: null,
    filteredGpos: [],
  };
}

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) {
    i++;
  }
  return i;
}

const C = 0x63;
const D = 0x64;
const O = 0x6f;
const R = 0x72;
const DASH = 0x2d;

function headingOf(text: string, initial: number): Heading | undefined {
  if (!HEADING_LENGTHS.has(text.length) || !HEADING_INITIALS.has(initial)) {
    return undefined;
  }
  return HEADINGS.get(fold(text));
}

/**
 * One line of the filtered-out GPO list: a GPO name at the item indent, then its `Filtering:`
 * line deeper (or at any indent when the paste lost it). Only a name followed by its reason is
 * kept, so prose after an unindented list is not taken for a GPO. False: the list has ended.
 */
function readFilteredLine(list: OpenList, text: string, indent: number, out: FilteredGpo[]): boolean {
  if (list.itemIndent === null) {
    if (indent === list.headingIndent && list.headingIndent > 0) {
      return true; // the rest of a wrapped heading (French: `car ils ont été refusés`)
    }
    if (indent < list.headingIndent) {
      return false;
    }
    list.itemIndent = indent;
  }
  if (indent < list.itemIndent) {
    return false;
  }
  const pending = list.pendingGpo ?? null;
  if (pending !== null && (indent > list.itemIndent || list.itemIndent === list.headingIndent)) {
    const reason = filteringReason(text);
    if (reason !== null) {
      out.push({ name: pending, reason, scope: list.section });
      list.pendingGpo = null;
      return true;
    }
  }
  if (indent === list.itemIndent) {
    list.pendingGpo = text;
  }
  return true; // other detail lines (`WMI Filter:`) belong to the GPO above
}

function parseGpresultUnsafe(input: string, warnings: ParseWarning[]): { value: Gpresult; recognized: boolean } {
  const value = emptyGpresult();
  let section: Section | null = null;
  let list: OpenList | null = null;
  let markers = 0;

  let source = typeof input === 'string' ? input : '';
  // Decomposed accents (`e` + U+0301) would not match the labels: compose them (same line count).
  // A paste is decomposed throughout or not at all: its head tells, without scanning 10 MB.
  if (/[\u0300-\u036f]/.test(source.length > 200_000 ? source.slice(0, 200_000) : source)) {
    source = source.normalize('NFC');
  }
  const lines = cleanLineTexts(source);
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
      // Windows puts a blank line between filtered-out GPOs (and some pastes one after the dashes).
      if (list?.kind === 'filtered') {
        list.pendingGpo = null;
      } else {
        list = null;
      }
      continue;
    }
    // `| 0x20` lower-cases ASCII letters and turns no other character into one.
    const initial = text.charCodeAt(0) | LOWER;
    if (initial === DASH && DASHES.test(text)) {
      continue; // underline of a heading
    }
    if ((text.charCodeAt(0) === 0x5b || text.charCodeAt(0) === 0x2e || text.charCodeAt(0) === 0x2026) && ELISION.test(text)) {
      warnings.push({ line, message: `The paste abbreviates this part ("${text}"): what it left out was not read.` });
      continue;
    }
    const heading = headingOf(text, initial);
    if (heading?.kind === 'section') {
      section = heading.section;
      list = null;
      markers++;
      continue;
    }
    if (heading?.kind === 'list') {
      if (heading.list === 'groups' && heading.section) {
        list = { kind: 'groups', section: heading.section, headingIndent: indent, itemIndent: null };
        markers++;
        continue;
      }
      if (heading.list === 'filtered') {
        // An excerpt may be just this list (`gpresult /r /scope user`, cut by its author).
        list = { kind: 'filtered', section, headingIndent: indent, itemIndent: null, pendingGpo: null };
        markers++;
        continue;
      }
      if (section) {
        list = { kind: heading.list, section, headingIndent: indent, itemIndent: null };
        continue;
      }
    }
    const rsop = initial === R ? (ENGLISH.rsop?.exec(text) ?? null) : initial === D ? (FRENCH.rsop?.exec(text) ?? null) : null;
    if (rsop) {
      value.user = (rsop[1] ?? '').trim() || null;
      value.computer = (rsop[2] ?? '').trim() || null;
      markers++;
      continue;
    }
    if (list?.kind === 'filtered') {
      if (readFilteredLine(list, text, indent, value.filteredGpos)) {
        continue;
      }
      list = null;
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
          } else if (list.kind === 'gpos' && list.section && text.toUpperCase() !== 'N/A') {
            value.appliedGpos[list.section].push(text);
          }
        }
        continue;
      }
      list = null;
    }
    if (!section) {
      // The answer for a user who has no RSoP record here; authors quote it inside prose.
      const noRsop = value.noRsopData === null && text.indexOf('"') !== -1 ? noRsopUser(text) : null;
      if (noRsop !== null) {
        value.noRsopData = { user: noRsop };
        markers++;
      }
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
    if (!VALUE_INITIALS.has(initial)) {
      continue;
    }
    for (const { label, field } of VALUE_LABELS) {
      const found = valueAfter(text, label);
      if (found === null) {
        continue;
      }
      if (field === 'lastApplied') {
        value.lastApplied[section] = found;
      } else if (value.domain === null) {
        value.domain = found;
      }
      break;
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

/** The lines that open gpresult output in each language; `INFO: The user "x" does not have RSoP data.` is its whole answer. */
const LOOKS_LIKE_GPRESULT =
  /^[ \t>]*(?:RSOP data for |Données RSOP pour |The (?:user|computer) is a part of the following security groups|L['’](?:utilisateur|ordinateur) fait partie des groupes de sécurité suivants|O computador faz parte dos seguintes grupos de segurança|Os GPOs a seguir não foram aplicados porque foram filtrados|(?:COMPUTER|USER) SETTINGS[ \t]*$|(?:PARAMÈTRES UTILISATEURS|Paramètre de l['’]ordinateur)[ \t]*$|INFO: The user "[^"\n]{1,300}" does not have RSoP data)/im;

export function looksLikeGpresult(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  return LOOKS_LIKE_GPRESULT.test(input.slice(0, 200_000));
}
