/**
 * `gpresult /r`: the security groups of the computer and user as Group Policy last recorded
 * them in WMI (RSoP). That record can be stale: `gpupdate /force` does not refresh it.
 */
import { cleanLineTexts, isDashRule, isTrimSpace } from './text';
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
  /** The items' indentation, NO_ITEM_YET until the first item (a number, not null: V8 keeps the field a small integer). */
  itemIndent: number;
  /** Filtered list: the GPO name read last, waiting for its `Filtering:` line. */
  pendingGpo: string | null;
}

const NO_ITEM_YET = -1;

/** Every list with the same properties in the same order: one object shape for V8, none added later. */
function openList(kind: ListKind, section: Section | null, headingIndent: number): OpenList {
  return { kind, section, headingIndent, itemIndent: NO_ITEM_YET, pendingGpo: null };
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
  // `/scope computer` prints no user: `RSOP data for  on HOST : Logging Mode`.
  rsop: /^RSOP data for (.{0,300}) on (.{1,300}?)\s*:\s*[^:]{1,80}$/i,
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
  rsop: /^Données RSOP pour (.{0,300}) sur (.{1,300}?)\s*:\s*[^:]{1,80}$/i,
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

/** The ASCII starts of the `rsop` lines, folded: a cheap test before their regexes. */
const RSOP_EN_START = 'rsop data for ';
const RSOP_FR_START = 'donn';

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

/**
 * Every language's headings, indexed by length then by initial (an ASCII letter, lower case): a
 * line is compared only with the few headings of its length and initial. Plain arrays: this
 * lookup runs on every line.
 */
const HEADINGS_BY_LENGTH: (([string, Heading][] | undefined)[] | undefined)[] = [];
for (const entry of LANGUAGES.flatMap(headingsOf)) {
  const byInitial = (HEADINGS_BY_LENGTH[entry[0].length] ??= []);
  (byInitial[entry[0].charCodeAt(0)] ??= []).push(entry);
}

/** Lower-cases an ASCII letter's code with `|`; turns no other character into a letter. */
const LOWER = 0x20;

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
 * `fold(text.slice(start, start + key.length)) === key` without building the folded copy: the hot
 * path of heading and label detection. ASCII compares in place; any other character is folded on
 * its own (a lower-case key holds no character whose case mapping depends on its neighbours).
 * `keyLength` compares only the key's start (`key.slice(0, keyLength)`, without that copy).
 */
function foldedEquals(text: string, start: number, key: string, keyLength = key.length): boolean {
  if (text.length - start < keyLength) {
    return false; // folding never shortens, and no key holds what a lengthening fold produces (`i̇`)
  }
  for (let i = 0; i < keyLength; i++) {
    const c = text.charCodeAt(start + i);
    const k = key.charCodeAt(i);
    if (c === k) {
      continue;
    }
    if (c < 0x80 ? !(c >= 0x41 && c <= 0x5a && (c | LOWER) === k) : fold(text.charAt(start + i)) !== key.charAt(i)) {
      return false;
    }
  }
  return true;
}

/**
 * The value after `label`, dots and spaces and `:` (`Domain Name:  acc`, `Nom du domaine..... : X`),
 * or null when the text (from `start`) does not start with that label.
 */
function valueAfter(text: string, label: string, start = 0): string | null {
  if ((text.charCodeAt(start) | LOWER) !== label.charCodeAt(0) || !foldedEquals(text, start, label)) {
    return null;
  }
  let i = start + label.length;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x2e || text.charCodeAt(i) === 0x09)) {
    i++;
  }
  return text.charCodeAt(i) === 0x3a ? text.slice(i + 1).trim() : null;
}

/** `---` and longer: the underline of a heading (what `/^-{3,}$/` matched). */
function isUnderline(line: string, start: number): boolean {
  if (line.length - start < 3) {
    return false;
  }
  for (let i = start; i < line.length; i++) {
    if (line.charCodeAt(i) !== DASH) {
      return false;
    }
  }
  return true;
}


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

/**
 * An author's arrow after an item (`Origin-Logging -> RIGHT HERE****`, `Domain Admins <-- this`):
 * white space, then `->`, `-->`, `=>`, `<-`, `<--` or `<=`, then a space or the end. A group's
 * account name cannot hold `<` or `>`; a GPO name could, so the cut is said in a warning.
 */
const AUTHOR_ARROW = /(?:<-{1,3}|<={1,3}|-{1,3}>|={1,3}>)(?=\s|$)/g;

/** The item without an author's arrow note after it, with a warning when one was cut. */
function withoutAuthorNote(item: string, line: number, warnings: ParseWarning[]): string {
  if (item.indexOf('>') === -1 && item.indexOf('<') === -1) {
    return item;
  }
  AUTHOR_ARROW.lastIndex = 0;
  for (let m = AUTHOR_ARROW.exec(item); m; m = AUTHOR_ARROW.exec(item)) {
    // The arrow stands after white space (`Origin-Logging -> note`), not inside a word.
    if (m.index > 0 && isTrimSpace(item.charCodeAt(m.index - 1))) {
      const name = item.slice(0, m.index).trimEnd();
      if (name === '') {
        return item;
      }
      warnings.push({ line, message: `"${item.slice(m.index).slice(0, 60)}" after "${name}" looks like the author's note, not part of the name: read as "${name}".` });
      return name;
    }
  }
  return item;
}

/** A gpresult result with nothing read (what a parse starts from). */
export function emptyGpresult(): Gpresult {
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

/** What `String.prototype.trim` removes: JavaScript's white space and line terminators. */

function indentOf(text: string): number {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) {
      break;
    }
  }
  return i;
}

const C = 0x63;
const D = 0x64;
const N = 0x6e;
const O = 0x6f;
const R = 0x72;
const U = 0x75;
const DASH = 0x2d;
const EQUALS = 0x3d;

/** `CN=`, `OU=`, `DC=` in any case (what `/^(?:CN|OU|DC)=/i` matched), from `start`. */
function isDistinguishedName(line: string, start: number, initial: number): boolean {
  if (line.charCodeAt(start + 2) !== EQUALS) {
    return false;
  }
  const second = line.charCodeAt(start + 1) | LOWER;
  return (initial === C && second === N) || (initial === O && second === U) || (initial === D && second === C);
}

/** `line.slice(start)` without a copy when there is nothing to cut. */
function textFrom(line: string, start: number): string {
  return start === 0 ? line : line.slice(start);
}

/** The heading the text from `start` to the end of `line` is, if any. */
function headingOf(line: string, start: number, initial: number): Heading | undefined {
  const candidates = initial < 0x80 ? HEADINGS_BY_LENGTH[line.length - start]?.[initial] : undefined;
  if (candidates === undefined) {
    return undefined;
  }
  for (const [key, heading] of candidates) {
    if (foldedEquals(line, start, key)) {
      return heading;
    }
  }
  return undefined;
}

/** Every heading, for the rare line that may be one cut short (see cutHeadingOf). */
const ALL_HEADINGS: readonly [string, Heading][] = LANGUAGES.flatMap(headingsOf);
/** A cut heading keeps at least this much: enough to tell the headings apart. */
const MIN_CUT_HEADING = 32;

/**
 * A heading cut at the console's width (a 64-column PowerShell window prints `The following
 * GPOs were not applied because they were filter`): the start of a longer heading, on a line
 * whose next line is its underline.
 */
function cutHeadingOf(line: string, start: number, next: string | undefined): Heading | undefined {
  const length = line.length - start;
  if (length < MIN_CUT_HEADING || next === undefined || !isDashRule(next)) {
    return undefined;
  }
  for (const [key, heading] of ALL_HEADINGS) {
    if (key.length > length && foldedEquals(line, start, key, length)) {
      return heading;
    }
  }
  return undefined;
}

/**
 * One line of the filtered-out GPO list: a GPO name at the item indent, then its `Filtering:`
 * line deeper (or at any indent when the paste lost it). Only a name followed by its reason is
 * kept, so prose after an unindented list is not taken for a GPO. False: the list has ended.
 */
function readFilteredLine(list: OpenList, text: string, indent: number, out: FilteredGpo[]): boolean {
  if (list.itemIndent === NO_ITEM_YET) {
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
  const pending = list.pendingGpo;
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

/** Gives `scope` to the filtered-out GPOs read without one (from the last, back to the first scoped one). */
function scopeUnscopedFiltered(filtered: FilteredGpo[], scope: Section): void {
  for (let i = filtered.length - 1; i >= 0; i--) {
    const gpo = filtered[i];
    if (gpo === undefined || gpo.scope !== null) {
      return;
    }
    gpo.scope = scope;
  }
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
    // Dropped once read: a scavenge during the parse then copies only the lines still ahead, not
    // every line of a long paste (that copying was about half of a 10 MB parse's time).
    lines[index] = '';
    const lineNumber = index + 1;
    if (raw.length > 20_000) {
      warnings.push({ line: lineNumber, message: 'Skipped an overlong line.' });
      list = null;
      continue;
    }
    const indent = indentOf(raw);
    // The line's text is `line` from `at`, sliced only where it is kept or read whole (most lines are
    // not): cleanLineTexts removed the trailing blanks, so only rarer white space at either end
    // (NBSP, U+3000...) needs the `trim()` the text is defined by.
    let line = raw;
    let at = indent;
    if (indent < raw.length && (isTrimSpace(raw.charCodeAt(indent)) || isTrimSpace(raw.charCodeAt(raw.length - 1)))) {
      line = raw.trim();
      at = 0;
    }
    if (at === line.length) {
      // Windows puts a blank line between filtered-out GPOs (and some pastes one after the dashes).
      if (list?.kind === 'filtered') {
        list.pendingGpo = null;
      } else {
        list = null;
      }
      continue;
    }
    const first = line.charCodeAt(at);
    // `| 0x20` lower-cases ASCII letters and turns no other character into one.
    const initial = first | LOWER;
    if (initial === DASH && isUnderline(line, at)) {
      continue; // underline of a heading
    }
    if ((first === 0x5b || first === 0x2e || first === 0x2026) && ELISION.test(textFrom(line, at))) {
      warnings.push({ line: lineNumber, message: `The paste abbreviates this part ("${textFrom(line, at)}"): what it left out was not read.` });
      continue;
    }
    const heading = headingOf(line, at, initial) ?? cutHeadingOf(line, at, lines[index + 1]);
    if (heading?.kind === 'section') {
      section = heading.section;
      list = null;
      markers++;
      continue;
    }
    if (heading?.kind === 'list') {
      if (heading.list === 'groups' && heading.section) {
        if (section === null) {
          // An excerpt without its settings heading: gpresult prints each section's filtered-out
          // list just before that section's groups, so this heading tells their scope.
          scopeUnscopedFiltered(value.filteredGpos, heading.section);
        }
        list = openList('groups', heading.section, indent);
        markers++;
        continue;
      }
      if (heading.list === 'filtered') {
        // An excerpt may be just this list (`gpresult /r /scope user`, cut by its author).
        list = openList('filtered', section, indent);
        markers++;
        continue;
      }
      if (section) {
        list = openList(heading.list, section, indent);
        continue;
      }
    }
    // The ASCII start of `RSOP data for` / `Données RSOP pour` before their regexes: group and GPO
    // names often start with R or D.
    const rsop =
      initial === R && foldedEquals(line, at, RSOP_EN_START)
        ? (ENGLISH.rsop?.exec(textFrom(line, at)) ?? null)
        : initial === D && foldedEquals(line, at, RSOP_FR_START)
          ? (FRENCH.rsop?.exec(textFrom(line, at)) ?? null)
          : null;
    if (rsop) {
      value.user = (rsop[1] ?? '').trim() || null;
      value.computer = (rsop[2] ?? '').trim() || null;
      markers++;
      continue;
    }
    if (list?.kind === 'filtered') {
      if (readFilteredLine(list, withoutAuthorNote(textFrom(line, at), lineNumber, warnings), indent, value.filteredGpos)) {
        continue;
      }
      list = null;
    }
    if (list) {
      // Items are indented deeper than their heading; a paste that lost indentation ends at a blank line.
      const firstItem = list.itemIndent === NO_ITEM_YET;
      const deeper = indent > list.headingIndent || list.headingIndent === 0;
      if (firstItem ? deeper : indent >= list.itemIndent) {
        if (firstItem) {
          list.itemIndent = indent;
        }
        if (indent === list.itemIndent) {
          if (list.kind === 'groups') {
            (list.section === 'user' ? value.userGroups : value.computerGroups).push(withoutAuthorNote(textFrom(line, at), lineNumber, warnings));
          } else if (list.kind === 'gpos' && list.section) {
            const gpo = withoutAuthorNote(textFrom(line, at), lineNumber, warnings);
            // Only a 3-character name can read `N/A` (no case mapping makes `/`): no upper-cased copy of every GPO.
            if (gpo.length !== 3 || gpo.toUpperCase() !== 'N/A') {
              value.appliedGpos[list.section].push(gpo);
            }
          }
        }
        continue;
      }
      list = null;
    }
    if (!section) {
      // The answer for a user who has no RSoP record here; authors quote it inside prose.
      const noRsop = value.noRsopData === null && line.indexOf('"', at) !== -1 ? noRsopUser(textFrom(line, at)) : null;
      if (noRsop !== null) {
        value.noRsopData = { user: noRsop };
        markers++;
      }
      continue;
    }
    if ((initial === C || initial === O || initial === D) && isDistinguishedName(line, at, initial) && (section === 'user' ? value.userDn : value.computerDn) === null) {
      if (section === 'user') {
        value.userDn = textFrom(line, at);
      } else {
        value.computerDn = textFrom(line, at);
      }
      continue;
    }
    if (!VALUE_INITIALS.has(initial)) {
      continue;
    }
    for (const { label, field } of VALUE_LABELS) {
      const found = valueAfter(line, label, at);
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
