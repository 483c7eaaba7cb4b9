/**
 * `whoami /groups`, `/user`, `/priv`, `/logonid` and `/all`, in table, list (`/fo list`) and
 * CSV (`/fo csv`) form, with or without `/nh`, in any Windows display language.
 *
 * Headers, group names, types and attribute strings are translated; the SID never is. So rows
 * are read by their SID and by the column widths of the `====` line (console display columns:
 * a CJK character takes two), and attribute strings are mapped through per-language tables.
 * Pure: never throws, linear time.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { cleanLineTexts, displayWidth, isDashRule, isNarrow, isTrimSpace, isPromptLine, runnerColumnsLength, sliceByWidth } from './text';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export type IntegrityLevel = 'low' | 'medium' | 'mediumPlus' | 'high' | 'system';

export type GroupAttribute =
  | 'mandatory'
  | 'enabledByDefault'
  | 'enabled'
  | 'owner'
  | 'denyOnly'
  | 'local'
  | 'integrity'
  | 'integrityEnabled'
  | 'resource';

export type WhoamiFormat = 'table' | 'list' | 'csv';

export interface WhoamiGroup {
  name: string;
  /** As printed (translated): `Well-known group`, `Alias`, `Groupe bien connu`... */
  type: string;
  sid: string;
  /** Canonical keys only. */
  attributes: GroupAttribute[];
  /** The attribute text exactly as printed. */
  rawAttributes: string;
  /** Attribute strings no language table knows, as printed. */
  unknownAttributes: string[];
  /** 1-based line in the input. */
  line: number;
}

export interface WhoamiUser {
  name: string;
  sid: string;
}

/** `enabled`/`disabled` when the printed state is known in some language, else the printed text. */
export type PrivilegeState = 'enabled' | 'disabled' | (string & Record<never, never>);

export interface WhoamiPrivilege {
  name: string;
  description: string;
  /** null when the row is cut off before its state (a truncated paste). */
  state: PrivilegeState | null;
  /** The state as printed (`Enabled`, `Activé`, `Aktiviert`...), '' when none is. */
  rawState: string;
  line: number;
}

export interface WhoamiResult {
  user: WhoamiUser | null;
  groups: WhoamiGroup[];
  integrityLevel: IntegrityLevel | null;
  /** The mandatory label SID (`S-1-16-...`), also when its level is not one we name. */
  integritySid: string | null;
  privileges: WhoamiPrivilege[];
  /** The logon SID `S-1-5-5-X-Y` (`whoami /logonid`, or the LogonSessionId group). */
  logonId: string | null;
  /** Forms met in the input. */
  formats: WhoamiFormat[];
}

const INTEGRITY_BY_SID: Record<string, IntegrityLevel> = {
  'S-1-16-4096': 'low',
  'S-1-16-8192': 'medium',
  'S-1-16-8448': 'mediumPlus',
  'S-1-16-12288': 'high',
  'S-1-16-16384': 'system',
};

/**
 * Attribute strings per display language. English, French, German, Spanish and Russian are taken
 * from real outputs (Spanish `Propietario de grupo` from a published table). Russian: only the
 * strings a real sample shows (its owner and privilege-state words are not known yet).
 */
const ATTRIBUTE_TABLES: Record<string, Record<string, GroupAttribute>> = {
  en: {
    'Mandatory group': 'mandatory',
    'Enabled by default': 'enabledByDefault',
    'Enabled group': 'enabled',
    'Group owner': 'owner',
    'Group used for deny only': 'denyOnly',
    'Local Group': 'local',
    Integrity: 'integrity',
    'Integrity enabled': 'integrityEnabled',
    Resource: 'resource',
  },
  fr: {
    'Groupe obligatoire': 'mandatory',
    'Activé par défaut': 'enabledByDefault',
    'Groupe activé': 'enabled',
    'Propriétaire du groupe': 'owner',
    'Groupe utilisé pour le refus uniquement': 'denyOnly',
    'Groupe local': 'local',
  },
  de: {
    'Verbindliche Gruppe': 'mandatory',
    'Standardmäßig aktiviert': 'enabledByDefault',
    'Aktivierte Gruppe': 'enabled',
    Gruppenbesitzer: 'owner',
    'Gruppe wird nur zum Verweigern verwendet': 'denyOnly',
    'Lokale Gruppe': 'local',
  },
  es: {
    'Grupo obligatorio': 'mandatory',
    'Habilitado de manera predeterminada': 'enabledByDefault',
    'Grupo habilitado': 'enabled',
    'Propietario de grupo': 'owner',
    'Grupo usado solo para denegar': 'denyOnly',
  },
  ru: {
    'Обязательная группа': 'mandatory',
    'Включены по умолчанию': 'enabledByDefault',
    'Включенная группа': 'enabled',
    // Contains a comma: mapAttributes must not split it.
    'Группа, используемая только для запрета': 'denyOnly',
  },
  // Brazilian Portuguese: as printed in a real `whoami /groups` (UAC-filtered; owner from a
  // published elevated excerpt).
  pt: {
    'Grupo obrigatório': 'mandatory',
    'Ativado por padrão': 'enabledByDefault',
    'Grupo ativado': 'enabled',
    'Proprietário do grupo': 'owner',
    'Grupo usado apenas para negar': 'denyOnly',
  },
  // Turkish: from a real Windows 7 `whoami /all` whose cp857 bytes were shown as cp437
  // (`Varsayìlan`, `Etkinleƒtirilmiƒ`): the loose form (see skeleton) matches both spellings.
  tr: {
    'Zorunlu grup': 'mandatory',
    'Varsayılan olarak etkin': 'enabledByDefault',
    'Etkinleştirilmiş grup': 'enabled',
    'Grup sahibi': 'owner',
  },
  // Chinese (zh-CN) and Japanese: as printed in real samples. No Latin letters, so these are
  // matched exactly only (no loose form, see buildIndex), and also with the blanks a console
  // copy put between two wide characters (`拒否のみに使用するグ ループ`) taken out.
  zh: {
    必需的组: 'mandatory',
    启用于默认: 'enabledByDefault',
    启用的组: 'enabled',
    组的所有者: 'owner',
    只用于拒绝的组: 'denyOnly',
  },
  ja: {
    固定グループ: 'mandatory',
    既定で有効: 'enabledByDefault',
    有効なグループ: 'enabled',
    グループ所有者: 'owner',
    拒否のみに使用するグループ: 'denyOnly',
  },
};

/** Privilege states per language. Unknown states are kept as printed. */
const STATE_TABLES: Record<string, Record<string, 'enabled' | 'disabled'>> = {
  en: { Enabled: 'enabled', Disabled: 'disabled' },
  fr: { Activé: 'enabled', Désactivé: 'disabled' },
  de: { Aktiviert: 'enabled', Deaktiviert: 'disabled' },
  es: { Habilitada: 'enabled', Deshabilitada: 'disabled', Habilitado: 'enabled', Deshabilitado: 'disabled' },
  zh: { 已启用: 'enabled', 已禁用: 'disabled' },
  tr: { Etkin: 'enabled' },
};

/**
 * Group types as printed. They choose between column splits of `/nh` rows, and split rows whose
 * column padding is gone (see splitKnownType). `Unknown SID type` is what Windows prints for a
 * SID it cannot name (an IIS app pool's S-1-5-82-...), with an empty Name column.
 */
const KNOWN_TYPE_NAMES = [
  'Well-known group', 'Alias', 'Group', 'Label', 'User', 'Logon ID', 'Unknown SID type',
  'Groupe bien connu', 'Groupe', 'Nom', 'Utilisateur',
  'Bekannte Gruppe', 'Gruppe', 'Bezeichnung', 'Benutzer',
  'Grupo conocido', 'Grupo', 'Etiqueta', 'Usuario',
  'Хорошо известная группа', 'Псевдоним', 'Метка', 'Пользователь',
  '已知组', '别名', '组', '标签', '用户',
  'よく知られたグループ', 'エイリアス', 'ラベル',
  'Grupo bastante conhecido', 'Rótulo',
  'İyi bilinen grup', 'Diğer Ad', 'Etiket',
];
const KNOWN_TYPES = new Set(KNOWN_TYPE_NAMES.map((t) => t.toLowerCase()));
/** Longest first: `Well-known group` must be tried before `Group`. */
const KNOWN_TYPES_LONGEST_FIRST = KNOWN_TYPE_NAMES.map((t) => ({ length: t.length, lower: t.toLowerCase() })).sort((a, b) => b.length - a.length);

/**
 * `name type` whose padding is gone (a web page or a Medium export collapsed the spaces:
 * `BUILTIN\Users Alias`): a known type at the end, after a blank, splits it. `Unknown SID type`
 * alone gives an empty name. Undefined when the text ends in no known type.
 */
function splitKnownType(text: string): [string, string] | undefined {
  const t = text.trim();
  for (const { length, lower } of KNOWN_TYPES_LONGEST_FIRST) {
    const at = t.length - length;
    if (at < 0 || (at > 0 && !isTrimSpace(t.charCodeAt(at - 1))) || t.slice(at).toLowerCase() !== lower) {
      continue;
    }
    return [t.slice(0, at).trim(), t.slice(at)];
  }
  return undefined;
}

/** Case-, accent- and space-insensitive form. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Every run of non-ASCII characters becomes `?`: `Activé`, `ActivÚ` (cp850 read as another
 * code page) and `ActivÃ©` (UTF-8 read as ANSI) all give `activ?`.
 */
function skeleton(text: string): string {
  return text.toLowerCase().replace(/[^\x20-\x7e]+/g, '?').replace(/\s+/g, ' ').trim();
}

function buildIndex<T extends string>(tables: Record<string, Record<string, T>>): { exact: Map<string, T>; loose: Map<string, T | null> } {
  const exact = new Map<string, T>();
  const loose = new Map<string, T | null>();
  for (const table of Object.values(tables)) {
    for (const [text, key] of Object.entries(table)) {
      exact.set(fold(text), key);
      const s = skeleton(text);
      // A string with (almost) no ASCII letters (Russian) leaves a skeleton like `? ?`, which
      // any other non-Latin string of as many words would match: no loose form for it.
      if (s.replace(/[^a-z]/g, '').length < 3) {
        continue;
      }
      const prior = loose.get(s);
      // Two meanings for one skeleton: refuse to guess.
      loose.set(s, prior === undefined || prior === key ? key : null);
    }
  }
  return { exact, loose };
}

const ATTRIBUTE_INDEX = buildIndex(ATTRIBUTE_TABLES);
const STATE_INDEX = buildIndex(STATE_TABLES);

/**
 * The strings of the tables exactly as printed, with what `lookup` gives for them: the usual
 * case needs no Unicode normalization (the slow part of `fold`).
 */
function asPrinted<T extends string>(tables: Record<string, Record<string, T>>, index: { exact: Map<string, T> }): Map<string, T> {
  const printed = new Map<string, T>();
  for (const table of Object.values(tables)) {
    for (const text of Object.keys(table)) {
      const key = index.exact.get(fold(text));
      if (key !== undefined) {
        printed.set(text, key);
      }
    }
  }
  return printed;
}

const ATTRIBUTE_AS_PRINTED = asPrinted(ATTRIBUTE_TABLES, ATTRIBUTE_INDEX);
const STATE_AS_PRINTED = asPrinted(STATE_TABLES, STATE_INDEX);

function lookup<T extends string>(index: { exact: Map<string, T>; loose: Map<string, T | null> }, text: string): T | undefined {
  const folded = fold(text);
  return index.exact.get(folded) ?? index.loose.get(skeleton(text)) ?? (folded.indexOf(' ') !== -1 ? index.exact.get(withoutBlanksBetweenWide(folded)) : undefined);
}

/**
 * A blank between two wide (CJK) characters taken out. Copies of a Japanese console split words
 * that way (`グ ループ`); no table string has a blank there, so only lookups use this form.
 */
function withoutBlanksBetweenWide(text: string): string {
  return text.replace(/([\u2e80-\u{10ffff}]) +(?=[\u2e80-\u{10ffff}])/gu, '$1');
}

/** Known attribute strings that contain a comma (Russian deny-only), and what precedes it. */
const COMMA_ATTRIBUTES = Object.values(ATTRIBUTE_TABLES).flatMap((t) => Object.keys(t).filter((text) => text.includes(',')));
const MAX_COMMAS_IN_ATTRIBUTE = Math.max(0, ...COMMA_ATTRIBUTES.map((text) => text.split(',').length - 1));
const COMMA_HEADS_PRINTED = new Set(COMMA_ATTRIBUTES.map((text) => (text.split(',')[0] ?? '').trim()));
const COMMA_HEADS_FOLDED = new Set([...COMMA_HEADS_PRINTED].map(fold));

function attributeKey(text: string): GroupAttribute | undefined {
  return ATTRIBUTE_AS_PRINTED.get(text) ?? lookup(ATTRIBUTE_INDEX, text);
}

/** Could `text` be the part before the comma of a known attribute? (cheap test first) */
function isCommaHead(text: string): boolean {
  return COMMA_HEADS_PRINTED.has(text) || (!ATTRIBUTE_AS_PRINTED.has(text) && COMMA_HEADS_FOLDED.has(fold(text)));
}

export function mapAttributes(raw: string): { attributes: GroupAttribute[]; unknown: string[] } {
  const attributes: GroupAttribute[] = [];
  const unknown: string[] = [];
  const parts = raw.split(',');
  for (let i = 0; i < parts.length; i++) {
    const text = (parts[i] ?? '').trim();
    if (text === '') {
      continue;
    }
    // A known string that itself contains commas wins over splitting at them (longest first).
    let key: GroupAttribute | undefined;
    let used = 1;
    if (i + 1 < parts.length && isCommaHead(text)) {
      for (let n = Math.min(MAX_COMMAS_IN_ATTRIBUTE + 1, parts.length - i); n >= 2 && !key; n--) {
        key = attributeKey(parts.slice(i, i + n).map((part) => part.trim()).join(', '));
        used = n;
      }
    }
    if (!key) {
      used = 1;
      key = attributeKey(text);
    }
    i += used - 1;
    if (key) {
      if (!attributes.includes(key)) {
        attributes.push(key);
      }
    } else {
      unknown.push(text);
    }
  }
  return { attributes, unknown };
}

export function mapPrivilegeState(raw: string): PrivilegeState {
  return STATE_AS_PRINTED.get(raw) ?? lookup(STATE_INDEX, raw) ?? raw;
}

// ---------------------------------------------------------------------------------------------

interface Column {
  start: number;
  end: number;
}

interface SidToken {
  sid: string;
  /** Character index in the row. */
  index: number;
  /** Display column where it starts. */
  col: number;
  /** No wide character before it: display columns up to `col` are character offsets. */
  narrow: boolean;
}

/** Widest group type we consider when guessing `/nh` columns. */
const MAX_TYPE_WIDTH = 48;

const PRIVILEGE_NAME = /^Se[A-Za-z0-9]+Privilege$/;

/** What `sidShape` finds: no SID, a SID (`S-1-5-21-...`), or a redacted one (see below). */
const NOT_SID = 0;
const PLAIN_SID = 1;
const REDACTED_SID = 2;

/**
 * The shape of `text`: `S-1-` and dash-separated runs of digits (`/^S-1-\d+(?:-\d+)*$/`), at most
 * 200 characters. Users redact the machine or domain part of a SID before pasting it:
 * `S-1-5-21-**********-**********-**********-1007`, `S-1-5-21-xxxxxxxxxx-...-1001`; such runs of
 * `*` or of `x`/`X` after the first sub-authority make it REDACTED_SID.
 */
function sidShape(text: string): number {
  if (text.length > 200 || sidTokenEndAt(text, 0) !== text.length) {
    return NOT_SID;
  }
  return hasRedactionMark(text) ? REDACTED_SID : PLAIN_SID;
}

/** Redacted sub-authorities are `*` or `x`/`X` runs; three native searches. */
function hasRedactionMark(text: string): boolean {
  return text.indexOf('*') !== -1 || text.indexOf('x') !== -1 || text.indexOf('X') !== -1;
}

/**
 * A SID-shaped token (plain or redacted, see sidShape) at `lastIndex`, followed by a blank or the
 * end. Sticky and used with test(): no match object, and the regex runs natively (a charCodeAt
 * loop over the SID costs about twice as much).
 */
const SID_TOKEN = /S-1-\d+(?:-(?:\d+|\*+|[xX]+))*(?=\s|$)/y;

/** The end of the SID-shaped token starting at `index`, or -1 (see SID_TOKEN). */
function sidTokenEndAt(text: string, index: number): number {
  SID_TOKEN.lastIndex = index;
  return SID_TOKEN.test(text) ? SID_TOKEN.lastIndex : -1;
}

function isSid(text: string): boolean {
  return sidShape(text) === PLAIN_SID;
}

/** A SID as printed, possibly with redacted sub-authorities (see sidShape). */
function isSidOrRedacted(text: string): boolean {
  return sidShape(text) !== NOT_SID;
}

function isRedactedSid(text: string): boolean {
  // The marks first: the plain SIDs of every row have none.
  return hasRedactionMark(text) && sidShape(text) === REDACTED_SID;
}

/**
 * The last SID-shaped token of a row (an unresolved name may itself be a SID). Tokens are runs
 * of non-space characters. Searched forward with indexOf (native, several times faster than
 * lastIndexOf): a SID-shaped token holds no `S`, so the next `S-1-` can only start after it.
 * `expectedIndex`: where a table's SID column puts it, tried first (a guess: the result is the
 * same with any), so an aligned row is searched from its SID on only.
 */
function lastSidToken(row: string, expectedIndex = -1): SidToken | undefined {
  let index = -1;
  let end = -1;
  if (expectedIndex > 0 && row.startsWith('S-1-', expectedIndex)) {
    end = sidTokenEnd(row, expectedIndex);
    if (end > 0) {
      index = expectedIndex;
    }
  }
  for (let at = row.indexOf('S-1-', index < 0 ? 0 : end); at !== -1; ) {
    const atEnd = sidTokenEnd(row, at);
    if (atEnd > 0) {
      index = at;
      end = atEnd;
      at = row.indexOf('S-1-', atEnd);
    } else {
      at = row.indexOf('S-1-', at + 1);
    }
  }
  return index < 0 ? undefined : sidToken(row, index, end);
}

/**
 * The end of the token (run of non-space characters) starting at `index`, which holds `S-1-`,
 * when it is a whole token (start of row or a space before it) and SID-shaped; else -1.
 */
function sidTokenEnd(row: string, index: number): number {
  if (index > 0 && !isTrimSpace(row.charCodeAt(index - 1))) {
    return -1;
  }
  const end = sidTokenEndAt(row, index);
  return end - index > 200 ? -1 : end;
}

function sidToken(row: string, index: number, end: number): SidToken {
  const narrow = isNarrow(row, index);
  return { sid: row.slice(index, end), index, col: narrow ? index : displayWidth(row.slice(0, index)), narrow };
}

/** The `===== ==== ===` line under a table header: column spans in display columns. */
function separatorColumns(text: string): Column[] | undefined {
  // Only a line whose first character after spaces and TABs is `==` can be one (cheap test first).
  let first = 0;
  while (text.charCodeAt(first) === 0x20 || text.charCodeAt(first) === 0x09) {
    first++;
  }
  if (text.charCodeAt(first) !== 0x3d || text.charCodeAt(first + 1) !== 0x3d) {
    return undefined;
  }
  const t = text.trimEnd();
  // Nothing but `=`, spaces and TABs. A native search, then one per column: these lines are
  // hundreds of `=`, too many for a charCodeAt loop.
  if (NOT_SEPARATOR.test(t)) {
    return undefined;
  }
  const cols: Column[] = [];
  let nextTab = t.indexOf('\t');
  let start = first;
  while (start !== -1) {
    if (nextTab !== -1 && nextTab < start) {
      nextTab = t.indexOf('\t', start);
    }
    // A column ends at the first space or TAB after its start.
    const space = t.indexOf(' ', start);
    const end = nextTab !== -1 && (space === -1 || nextTab < space) ? nextTab : space === -1 ? t.length : space;
    cols.push({ start, end });
    start = t.indexOf('=', end);
  }
  return cols;
}

/** A character no `====` separator line holds. */
const NOT_SEPARATOR = /[^= \t]/;


/** Shell prompts, including `user@host:~$` whose trailing space cleanLines removed. */
function isPrompt(text: string): boolean {
  // Every prompt ends in `>`, `$` or `#`: table rows have none, and this skips building `${text} `.
  if (text.indexOf('>') === -1 && text.indexOf('$') === -1 && text.indexOf('#') === -1) {
    return false;
  }
  return isPromptLine(text) || isPromptLine(`${text} `);
}

/** One cell per display column; the second half of a wide character is ''. */
function cells(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    out.push(ch === '\t' ? ' ' : ch);
    if (displayWidth(ch) === 2) {
      out.push('');
    }
  }
  return out;
}

function splitOnWideGap(text: string): [string, string] | undefined {
  const m = /^(.*\S)[ \t]{2,}(\S.*)$/.exec(text.trim());
  return m ? [m[1] ?? '', m[2] ?? ''] : undefined;
}

// ---------------------------------------------------------------------------------------------

class Builder {
  readonly value: WhoamiResult = {
    user: null,
    groups: [],
    integrityLevel: null,
    integritySid: null,
    privileges: [],
    logonId: null,
    formats: [],
  };
  /** mapAttributes by attribute text: a token repeats the same few strings on every row. */
  private readonly attributeCache = new Map<string, { attributes: GroupAttribute[]; unknown: string[] }>();
  private readonly sidsSeen = new Set<string>();
  private readonly tablesRead = new Set<string>();
  /** Set when a second whoami output starts: everything from there on is ignored. */
  stopped = false;
  /** Input line of each line after string literals were decoded (see expandEscapedLines). */
  lineOrigin: number[] | undefined;
  constructor(readonly warnings: ParseWarning[]) {}

  /**
   * One paste may hold several runs (before and after elevation...). Merging them would list
   * every group twice under the first run's integrity level, so only the first run is read.
   */
  stop(line: number): void {
    if (!this.stopped) {
      this.stopped = true;
      this.warnings.push({ line, message: 'The paste holds several whoami outputs: only the first is read (use parse auto to read each).' });
    }
  }

  /** A table of a kind already read starts a second output. Returns false when it does. */
  startTable(kind: string, line: number): boolean {
    if (kind !== 'unknown' && this.tablesRead.has(kind)) {
      this.stop(line);
      return false;
    }
    this.tablesRead.add(kind);
    return true;
  }

  /**
   * Records a group's SID. A SID already listed (not a redacted one) starts a second output: one
   * token never lists a group twice; then false. One set lookup (add, then compare the size).
   */
  addSid(sid: string, line: number): boolean {
    const seen = this.sidsSeen.size;
    this.sidsSeen.add(sid);
    if (this.sidsSeen.size === seen && !isRedactedSid(sid)) {
      this.stop(line);
      return false;
    }
    return true;
  }

  format(f: WhoamiFormat): void {
    if (!this.value.formats.includes(f)) {
      this.value.formats.push(f);
    }
  }

  addGroup(name: string, type: string, sid: string, rawAttributes: string, line: number): void {
    if (this.stopped || !this.addSid(sid, line)) {
      return;
    }
    let mapped = this.attributeCache.get(rawAttributes);
    if (!mapped) {
      mapped = mapAttributes(rawAttributes);
      this.attributeCache.set(rawAttributes, mapped);
    }
    // Copies: each group owns its arrays, as when every row was mapped on its own.
    const attributes = mapped.attributes.slice();
    const unknown = mapped.unknown.slice();
    if (unknown.length > 0) {
      this.warnings.push({ line, message: `Unknown group attribute(s) for ${sid}: ${unknown.join(', ')}` });
    }
    this.warnIfRedacted(sid, line);
    this.value.groups.push({ name, type, sid, attributes, rawAttributes, unknownAttributes: unknown, line });
  }

  setUser(name: string, sid: string, line?: number): void {
    if (!this.value.user && !this.stopped) {
      this.value.user = { name, sid };
      this.warnIfRedacted(sid, line);
    }
  }

  /** Kept as printed, but it cannot be matched with another output's SIDs. */
  private warnIfRedacted(sid: string, line: number | undefined): void {
    if (isRedactedSid(sid)) {
      this.warnings.push({ line, message: `SID ${sid} is redacted (sub-authorities replaced by the user): kept as printed.` });
    }
  }

  addPrivilege(name: string, description: string, rawState: string, line: number): void {
    if (this.stopped) {
      return;
    }
    this.value.privileges.push({ name, description, state: mapPrivilegeState(rawState), rawState, line });
  }

  /** A row that ends before its state is known: the paste was cut there. */
  addCutPrivilege(name: string, description: string, rawState: string, line: number, row: string): void {
    if (this.stopped) {
      return;
    }
    this.value.privileges.push({ name, description, state: null, rawState, line });
    this.warnings.push({ line, message: `Privilege row cut off before its state: ${row.trim().slice(0, 120)}` });
  }

  finish(): void {
    const v = this.value;
    const label = v.groups.find((g) => g.sid.startsWith('S-1-16-'));
    if (label) {
      v.integritySid = label.sid;
      v.integrityLevel = INTEGRITY_BY_SID[label.sid] ?? null;
      if (!v.integrityLevel) {
        this.warnings.push({ line: label.line, message: `Unnamed integrity level ${label.sid}.` });
      }
    }
    if (!v.logonId) {
      v.logonId = v.groups.find((g) => g.sid.startsWith('S-1-5-5-'))?.sid ?? null;
    }
  }
}

/** Table with a `====` line: rows until a blank line. Returns the index after the table. */
function readTable(lines: readonly string[], sepIndex: number, cols: Column[], b: Builder): number {
  let i = sepIndex + 1;
  const kind = cols.length === 4 ? 'groups' : cols.length === 2 ? 'user' : cols.length === 3 ? 'privileges' : 'unknown';
  if (!b.startTable(kind, sepIndex + 1)) {
    return lines.length;
  }
  if (kind === 'unknown') {
    b.warnings.push({ line: sepIndex < lines.length ? sepIndex + 1 : undefined, message: `Table with ${cols.length} columns not understood.` });
  } else {
    b.format('table');
  }
  let last: WhoamiGroup | undefined;
  for (; i < lines.length && !b.stopped; i++) {
    const row = lines[i] ?? '';
    const line = i + 1;
    if (row.trim() === '' && kind === 'groups' && last?.rawAttributes === '' && isAlignedGroupRow(lines[i + 1] ?? '', cols)) {
      // A console narrower than the table wraps a row's padding onto a line of spaces (a row
      // without attributes, e.g. the label): the table goes on.
      continue;
    }
    if (row.trim() === '' || isPrompt(row) || separatorColumns(row) || isDashRule(lines[i + 1] ?? '')) {
      break;
    }
    if (kind === 'groups') {
      const sid = lastSidToken(row, cols[2]?.start);
      if (sid) {
        last = readGroupRow(row, sid, cols, line, b);
      } else if (last && (mapAttributes(row).unknown.length === 0 || (last.rawAttributes === '' && leadingSpaces(row) >= 2))) {
        // A console that hard-wraps long rows puts the attributes (or the rest of them) on the
        // next line, indented to where the Attributes column falls after wrapping.
        const raw = `${last.rawAttributes} ${row.trim()}`.trim();
        const mapped = mapAttributes(raw);
        Object.assign(last, { rawAttributes: raw, attributes: mapped.attributes, unknownAttributes: mapped.unknown });
        if (mapped.unknown.length > 0) {
          b.warnings.push({ line, message: `Unknown group attribute(s) for ${last.sid}: ${mapped.unknown.join(', ')}` });
        }
      } else if (onlyBlankAfter(lines, i + 1)) {
        // The paste ends inside this row (truncated issue text, excerpt).
        b.warnings.push({ line: line, message: `Last group row cut off before its SID: ${row.trim().slice(0, 120)}` });
      } else {
        b.warnings.push({ line: line, message: `Group row without a SID: ${row.trim().slice(0, 120)}` });
      }
    } else if (kind === 'user') {
      const sid = lastSidToken(row, cols[1]?.start);
      if (sid) {
        b.setUser(row.slice(0, sid.index).trim(), sid.sid, line);
      } else {
        b.warnings.push({ line: line, message: `User row without a SID: ${row.trim().slice(0, 120)}` });
      }
    } else if (kind === 'privileges') {
      for (const part of splitJoinedPrivilegeRows(row)) {
        readPrivilegeRow(part, cols, line, b);
      }
    }
  }
  return i;
}

/** A group row whose SID starts at the SID column of the table (`====` line). */
function isAlignedGroupRow(row: string, cols: Column[]): boolean {
  const sid = lastSidToken(row);
  return sid !== undefined && sid.col === cols[2]?.start;
}

function leadingSpaces(row: string): number {
  let n = 0;
  while (n < row.length && (row.charCodeAt(n) === 0x20 || row.charCodeAt(n) === 0x09)) {
    n++;
  }
  return n;
}

/** No line from `from` on has text: a row before them is the last of the input. */
function onlyBlankAfter(lines: readonly string[], from: number): boolean {
  for (let j = from; j < lines.length; j++) {
    if ((lines[j] ?? '').trim() !== '') {
      return false;
    }
  }
  return true;
}

/** `sliceByWidth(row, start, end)`, skipping its scan for wide characters when lastSidToken already made it. */
function sliceBeforeSid(row: string, sid: SidToken, start: number, end: number): string {
  return sid.narrow && end <= sid.index ? row.slice(start, end) : sliceByWidth(row, start, end);
}

function readGroupRow(row: string, sid: SidToken, cols: Column[], line: number, b: Builder): WhoamiGroup | undefined {
  const typeCol = cols[1];
  const sidCol = cols[2];
  let name = '';
  let type = '';
  let unnamed = false;
  // A row whose SID is not under the SID column lost its padding or was edited: a known type
  // before the SID is surer than the column widths (`BUILTIN\Users Alias S-1-5-32-545`).
  const known = sidCol && sid.col !== sidCol.start ? splitKnownType(row.slice(0, sid.index)) : undefined;
  if (known) {
    [name, type] = known;
    unnamed = name === '';
  } else if (typeCol && sidCol) {
    // Anchor the Type column to the SID: a misaligned row is misaligned in its name.
    const typeStart = sid.col - (sidCol.start - typeCol.start);
    if (typeStart > 0 && sliceBeforeSid(row, sid, typeStart - 1, typeStart) === ' ') {
      name = sliceBeforeSid(row, sid, 0, typeStart).trim();
      type = sliceBeforeSid(row, sid, typeStart, sid.col).trim();
      // A SID Windows cannot name (`Unknown SID type S-1-5-82-0` of an IIS app pool) leaves the
      // Name column blank: the row starts with spaces up to the Type column.
      unnamed = name === '' && type !== '' && typeStart >= 2;
    }
  }
  if (!unnamed && (name === '' || type === '')) {
    const pre = row.slice(0, sid.index);
    const split = splitOnWideGap(pre) ?? splitKnownType(pre);
    if (split) {
      [name, type] = split;
    } else {
      name = pre.trim();
      type = '';
      b.warnings.push({ line, message: `Could not separate name and type: ${pre.trim().slice(0, 120)}` });
    }
  }
  const attributes = row.slice(sid.index + sid.sid.length).trim();
  b.addGroup(name, type, sid.sid, attributes, line);
  return b.value.groups[b.value.groups.length - 1];
}

/** `text.trim().split(/\s+/)[0]` without splitting the whole row. */
function firstWord(text: string): string {
  let start = 0;
  while (start < text.length && isTrimSpace(text.charCodeAt(start))) {
    start++;
  }
  let end = start;
  while (end < text.length && !isTrimSpace(text.charCodeAt(end))) {
    end++;
  }
  return text.slice(start, end);
}

function readPrivilegeRow(row: string, cols: Column[], line: number, b: Builder): void {
  const [c0, c1, c2] = cols;
  if (c0 && c1 && c2) {
    const name = sliceByWidth(row, 0, c1.start).trim();
    const description = sliceByWidth(row, c1.start, c2.start).trim();
    const state = sliceByWidth(row, c2.start).trim();
    // The State column must start a word: a row whose padding is gone puts its start inside
    // the description or the state (`Disabl|ed`).
    const stateStartsWord = state === '' || isTrimSpace(sliceByWidth(row, c2.start - 1, c2.start).charCodeAt(0));
    if (name !== '' && !/\s/.test(name) && name === firstWord(row) && stateStartsWord) {
      if (state === '' && !endsInKnownState(row)) {
        // The row stops before the State column (cleanLines dropped trailing spaces).
        b.addCutPrivilege(name, sliceByWidth(row, c1.start).trim(), '', line, row);
        return;
      }
      if (state !== '' && isCutState(state)) {
        b.addCutPrivilege(name, description, state, line, row);
        return;
      }
      if (state !== '') {
        b.addPrivilege(name, description, state, line);
        return;
      }
    }
  }
  // Columns that do not fit (a short row ending in a known state: TABs, a misaligned paste).
  const parts = row.trim().split(/\s+/);
  // Privilege names are never translated: a row not starting with one is not a privilege.
  if (parts.length >= 2 && PRIVILEGE_NAME.test(parts[0] ?? '')) {
    const name = parts[0] ?? '';
    const state = parts[parts.length - 1] ?? '';
    if (mapPrivilegeState(state) === state) {
      // Without columns an unknown last word is more likely the end of a cut description.
      b.addCutPrivilege(name, parts.slice(1).join(' '), '', line, row);
      return;
    }
    b.addPrivilege(name, parts.slice(1, -1).join(' '), state, line);
    b.warnings.push({ line, message: `Privilege row read by words (columns did not fit): ${row.trim().slice(0, 120)}` });
  } else {
    b.warnings.push({ line, message: `Unreadable privilege row: ${row.trim().slice(0, 120)}` });
  }
}

/**
 * Rows a web page joined into one line (its line breaks lost with the padding):
 * `SeAuditPrivilege Generate security audits Disabled SeChangeNotifyPrivilege Bypass ...`.
 * A privilege name after a known state word starts the next row. `words`: the row split on
 * blanks, when the caller has it. Returns [row] when nothing was joined (the usual case).
 */
function splitJoinedPrivilegeRows(row: string, words?: readonly string[]): string[] {
  // Only a word starting with `Se` after the name can start a joined row: most rows are
  // returned before any split.
  const second = row.indexOf(' Se', row.indexOf('Se') + 2);
  if (second === -1) {
    return [row];
  }
  const w = words ?? row.trim().split(/\s+/);
  const parts: string[] = [];
  let start = 0;
  for (let i = 2; i < w.length; i++) {
    const word = w[i] ?? '';
    const before = w[i - 1] ?? '';
    if (word.startsWith('Se') && PRIVILEGE_NAME.test(word) && mapPrivilegeState(before) !== before) {
      parts.push(w.slice(start, i).join(' '));
      start = i;
    }
  }
  if (parts.length === 0) {
    return [row];
  }
  parts.push(w.slice(start).join(' '));
  return parts;
}

/** The row's last word is a privilege state of some language. */
function endsInKnownState(row: string): boolean {
  const t = row.trimEnd();
  const word = t.slice(t.lastIndexOf(' ') + 1);
  return mapPrivilegeState(word) !== word;
}

/** The start of a known state word but not the whole of it (`Disa`): cut off there. */
function isCutState(state: string): boolean {
  if (mapPrivilegeState(state) !== state || state.length > 40) {
    return false;
  }
  const folded = fold(state);
  for (const known of STATE_INDEX.exact.keys()) {
    if (known.length > folded.length && known.startsWith(folded)) {
      return true;
    }
  }
  return false;
}

/** `/fo csv`: every field quoted. */
function readCsvLine(text: string, line: number, b: Builder): boolean {
  let fields: string[];
  try {
    const records = parseCsv(text.trim(), { relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as unknown;
    const first = Array.isArray(records) ? (records[0] as unknown) : undefined;
    if (!Array.isArray(first)) {
      return false;
    }
    fields = first.map((f) => String(f));
  } catch {
    b.warnings.push({ line, message: `Unreadable CSV line: ${text.trim().slice(0, 120)}` });
    return true;
  }
  if (fields.length === 4 && isSidOrRedacted(fields[2] ?? '')) {
    b.format('csv');
    b.addGroup(fields[0] ?? '', fields[1] ?? '', fields[2] ?? '', fields[3] ?? '', line);
  } else if (fields.length === 2 && isSidOrRedacted(fields[1] ?? '')) {
    b.format('csv');
    b.setUser(fields[0] ?? '', fields[1] ?? '', line);
  } else if (fields.length === 3 && PRIVILEGE_NAME.test(fields[0] ?? '')) {
    b.format('csv');
    b.addPrivilege(fields[0] ?? '', fields[1] ?? '', fields[2] ?? '', line);
  }
  // Anything else is a header row (translated): nothing to read.
  return true;
}

interface KeyValue {
  key: string;
  value: string;
  line: number;
}

/** `Group Name: Everyone`; keys are translated, so only the shape counts. */
function keyValue(text: string, line: number): KeyValue | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon > 80) {
    return undefined;
  }
  const key = text.slice(0, colon).trim();
  if (key === '' || /[\\"=]/.test(key)) {
    return undefined;
  }
  return { key, value: text.slice(colon + 1).trim(), line };
}

/** `/fo list` blocks, recognized by where the SID (or privilege name) sits. */
function readListRecords(kvs: KeyValue[], b: Builder): void {
  let i = 0;
  while (i < kvs.length) {
    const a = kvs[i];
    const v1 = kvs[i + 1];
    const v2 = kvs[i + 2];
    const v3 = kvs[i + 3];
    if (a && v1 && v2 && v3 && isSidOrRedacted(v2.value)) {
      b.format('list');
      b.addGroup(a.value, v1.value, v2.value, v3.value, a.line);
      i += 4;
    } else if (a && v1 && isSidOrRedacted(v1.value) && !isSidOrRedacted(a.value)) {
      b.format('list');
      b.setUser(a.value, v1.value, a.line);
      i += 2;
    } else if (a && v1 && v2 && PRIVILEGE_NAME.test(a.value)) {
      b.format('list');
      b.addPrivilege(a.value, v1.value, v2.value, a.line);
      i += 3;
    } else {
      i++;
    }
  }
}

/**
 * `/fo table /nh`: no header, no `====` line. The SID column is aligned; the Type column
 * starts where every row has a space then a character, preferably after padding.
 */
function readHeaderlessGroups(rows: { text: string; line: number; sid: SidToken }[], b: Builder): void {
  const sidCols = new Set(rows.map((r) => r.sid.col));
  let typeStart: number | undefined;
  if (sidCols.size === 1) {
    const sidCol = rows[0]?.sid.col ?? 0;
    const grid = rows.map((r) => cells(r.text));
    let best: { col: number; score: number } | undefined;
    // Types are short: only the last columns before the SID can start one (keeps this linear).
    for (let c = Math.max(1, sidCol - 1 - MAX_TYPE_WIDTH); c < sidCol - 1; c++) {
      if (!grid.every((g) => g[c - 1] === ' ' && g[c] !== undefined && g[c] !== ' ')) {
        continue;
      }
      const padded = grid.some((g) => c >= 2 && g[c - 2] === ' ');
      const known = grid.filter((g) => KNOWN_TYPES.has(g.slice(c, sidCol).join('').trim().toLowerCase())).length;
      const score = known * 2 + (padded ? 1 : 0);
      if (!best || score > best.score) {
        best = { col: c, score };
      }
    }
    typeStart = best?.col;
  }
  for (const r of rows) {
    let name: string;
    let type: string;
    if (typeStart !== undefined) {
      name = sliceByWidth(r.text, 0, typeStart).trim();
      type = sliceByWidth(r.text, typeStart, r.sid.col).trim();
    } else {
      const pre = r.text.slice(0, r.sid.index);
      const split = splitOnWideGap(pre) ?? splitKnownType(pre);
      [name, type] = split ?? [pre.trim(), ''];
    }
    b.addGroup(name, type, r.sid.sid, r.text.slice(r.sid.index + r.sid.sid.length).trim(), r.line);
  }
  b.format('table');
}

/** `/priv /nh`: the State column starts where every row has a space then a character, rightmost. */
function readHeaderlessPrivileges(rows: { text: string; line: number }[], b: Builder): void {
  // A row cut off at the end of a paste would bound the search below: rows that end in a known
  // state decide the column when there are some.
  const complete = rows.filter((r) => endsInKnownState(r.text));
  const grid = (complete.length > 0 ? complete : rows).map((r) => cells(r.text));
  // Every row must reach the State column, so the shortest row bounds the search.
  const width = grid.reduce((min, g) => Math.min(min, g.length), Number.POSITIVE_INFINITY);
  let stateStart: number | undefined;
  for (let c = Number.isFinite(width) ? width - 1 : 0; c > 1; c--) {
    if (grid.every((g) => g[c - 1] === ' ' && g[c] !== undefined && g[c] !== ' ')) {
      stateStart = c;
      break;
    }
  }
  for (const r of rows) {
    const name = r.text.trim().split(/\s+/)[0] ?? '';
    const nameEnd = displayWidth(r.text.slice(0, r.text.indexOf(name) + name.length));
    const state = stateStart !== undefined && stateStart > nameEnd ? sliceByWidth(r.text, stateStart).trim() : undefined;
    if (state === '' && !endsInKnownState(r.text)) {
      b.addCutPrivilege(name, sliceByWidth(r.text, nameEnd).trim(), '', r.line, r.text);
    } else if (stateStart !== undefined && state !== undefined && state !== '') {
      if (isCutState(state)) {
        b.addCutPrivilege(name, sliceByWidth(r.text, nameEnd, stateStart).trim(), state, r.line, r.text);
      } else {
        b.addPrivilege(name, sliceByWidth(r.text, nameEnd, stateStart).trim(), state, r.line);
      }
    } else {
      const parts = r.text.trim().split(/\s+/);
      b.addPrivilege(name, parts.slice(1, -1).join(' '), parts[parts.length - 1] ?? '', r.line);
    }
  }
  b.format('table');
}

export function parseWhoami(input: string, options: ParseOptions = {}): ParseResult<WhoamiResult> {
  void options; // whoami prints no dates
  const warnings: ParseWarning[] = [];
  const b = new Builder(warnings);
  try {
    read(typeof input === 'string' ? input : '', b);
    b.finish();
    if (b.lineOrigin) {
      remapLines(b, b.lineOrigin);
    }
  } catch (err) {
    warnings.push({ message: `Parser error: ${err instanceof Error ? err.message : String(err)}` });
  }
  const v = b.value;
  const recognized = v.groups.length > 0 || v.user !== null || v.privileges.length > 0 || v.logonId !== null;
  return { kind: 'whoami', recognized, value: v, warnings };
}

/**
 * SQL Server's `xp_cmdshell` returns one row per output line and shows an empty line as `NULL`
 * (mssqlclient, sqlcmd). whoami never prints `NULL` alone on a line: it is a blank line.
 */
function blankSqlNullLines(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.length <= 12 && text.trim() === 'NULL') {
      lines[i] = '';
    }
  }
}

/** `\\`, `\n`, `\t`, `\r`, `\'` and `\"`: the escapes of a string literal (Python repr, JSON). */
const ESCAPED_CHAR: Readonly<Record<string, string>> = { '\\': '\\', n: '\n', t: '\t', r: '', "'": "'", '"': '"' };

/**
 * A line that is a whole output written as a string literal (`'USER INFORMATION\n-----\n\n...'`,
 * a Python repr or a JSON string): two or more `\n` escapes, and every backslash starts one of
 * the escapes above (a real `DOMAIN\name` is written `\\`). Returns the decoded lines, or
 * undefined when the line is not one.
 */
function decodeEscapedLine(text: string): string[] | undefined {
  if (text.length > 200_000 || text.indexOf('\\n') === -1) {
    return undefined;
  }
  let out = '';
  let newlines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c !== '\\') {
      out += c;
      continue;
    }
    const decoded = ESCAPED_CHAR[text[i + 1] ?? ''];
    if (decoded === undefined) {
      return undefined;
    }
    if (decoded === '\n') {
      newlines++;
    }
    out += decoded;
    i++;
  }
  // Also a literal: in its quotes (`'...'`, `"..."`, `b'...'`), or with a backslash written `\\`.
  // A row naming `CORP\nadia` and `CORP\nils` has neither.
  const m = /^[ \t]*b?(['"])([\s\S]*)\1[ \t,;)]*$/.exec(out);
  if (newlines < 2 || (!m && text.indexOf('\\\\') === -1)) {
    return undefined;
  }
  // The literal's own quotes are no part of the output.
  const body = m ? (m[2] ?? '') : out;
  return body.split(/\r?\n/).map((l) => l.trimEnd());
}

/**
 * Lines written as string literals, decoded in place. Returns, when there were any, the input
 * line number of every line after decoding.
 */
function expandEscapedLines(lines: string[]): number[] | undefined {
  let out: string[] | undefined;
  let origin: number[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const decoded = text.indexOf('\\n') === -1 ? undefined : decodeEscapedLine(text);
    if (decoded && !out) {
      out = lines.slice(0, i);
      origin = out.map((_, j) => j + 1);
    }
    if (out && origin) {
      for (const d of decoded ?? [text]) {
        out.push(d);
        origin.push(i + 1);
      }
    }
  }
  if (!out) {
    return undefined;
  }
  lines.length = 0;
  for (const l of out) {
    lines.push(l);
  }
  return origin;
}

/** Lines of the decoded text back to lines of the input. */
function remapLines(b: Builder, origin: readonly number[]): void {
  const at = (line: number): number => origin[line - 1] ?? line;
  for (const g of b.value.groups) {
    g.line = at(g.line);
  }
  for (const p of b.value.privileges) {
    p.line = at(p.line);
  }
  for (const w of b.warnings) {
    if (w.line !== undefined) {
      w.line = at(w.line);
    }
  }
}

function read(input: string, b: Builder): void {
  const lines = cleanLineTexts(input);
  b.lineOrigin = expandEscapedLines(lines);
  if (b.lineOrigin) {
    b.warnings.push({ message: 'The paste holds whoami output written as a string literal (\\n escapes): decoded.' });
  }
  blankSqlNullLines(lines);
  let kvs: KeyValue[] = [];
  let groupRows: { text: string; line: number; sid: SidToken }[] = [];
  let privilegeRows: { text: string; line: number }[] = [];
  const flush = (): void => {
    if (kvs.length > 0) {
      readListRecords(kvs, b);
      kvs = [];
    }
    if (groupRows.length > 0) {
      readHeaderlessGroups(groupRows, b);
      groupRows = [];
    }
    if (privilegeRows.length > 0) {
      readHeaderlessPrivileges(privilegeRows, b);
      privilegeRows = [];
    }
  };

  let i = 0;
  while (i < lines.length && !b.stopped) {
    const text = lines[i] ?? '';
    const line = i + 1;
    const trimmed = text.trim();
    const cols = separatorColumns(text);
    if (cols) {
      // The header line above belongs to the table; rows already collected are not its rows.
      if (groupRows.length > 0 || privilegeRows.length > 0) {
        const headerLine = i >= 1 ? i : undefined;
        groupRows = groupRows.filter((r) => r.line !== headerLine);
        privilegeRows = privilegeRows.filter((r) => r.line !== headerLine);
      }
      flush();
      if (cols.length > 4) {
        // No whoami table has this many columns: the header was edited or machine-translated
        // (`===== ==== ==== ...` under a reworded header). The rows still carry their SIDs
        // and privilege names: read them as rows without a header.
        b.warnings.push({ line, message: `A ${cols.length}-column rule fits no whoami table (edited or translated header): the rows under it are read without its columns.` });
        i++;
        continue;
      }
      i = readTable(lines, i, cols, b);
      continue;
    }
    if (trimmed === '') {
      // Blank lines separate /fo list records but records are also found without them.
      if (groupRows.length > 0 || privilegeRows.length > 0) {
        flush();
      }
      i++;
      continue;
    }
    if (isPrompt(text) || isDashRule(text) || isDashRule(lines[i + 1] ?? '')) {
      flush();
      i++;
      continue;
    }
    if (trimmed.startsWith('"')) {
      flush();
      readCsvLine(trimmed, line, b);
      i++;
      continue;
    }
    if (isSid(trimmed)) {
      // `whoami /logonid` prints the logon SID alone.
      if (trimmed.startsWith('S-1-5-5-')) {
        b.value.logonId = trimmed;
      }
      i++;
      continue;
    }
    const sid = lastSidToken(text);
    const kv = keyValue(trimmed, line);
    if (kv && (!sid || isSidOrRedacted(kv.value))) {
      if (groupRows.length > 0 || privilegeRows.length > 0) {
        flush();
      }
      kvs.push(kv);
      i++;
      continue;
    }
    if (sid && sid.index > 0) {
      if (privilegeRows.length > 0) {
        flush();
      }
      groupRows.push({ text, line: line, sid });
      i++;
      continue;
    }
    // Privilege names start with `Se`: other lines skip the split.
    const first = trimmed.startsWith('Se') ? trimmed.split(/\s+/) : [];
    if (first.length >= 3 && PRIVILEGE_NAME.test(first[0] ?? '')) {
      if (groupRows.length > 0) {
        flush();
      }
      for (const part of splitJoinedPrivilegeRows(text, first)) {
        privilegeRows.push({ text: part, line: line });
      }
      i++;
      continue;
    }
    i++;
  }
  flush();
  // A user row of `/user /nh` reads like a group row without type and attributes.
  const v = b.value;
  if (!v.user && v.groups.length > 0) {
    const lone = v.groups.filter((g) => g.type === '' && g.rawAttributes === '' && !g.sid.startsWith('S-1-16-'));
    for (const g of lone) {
      v.user = { name: g.name, sid: g.sid };
    }
    if (lone.length > 0) {
      v.groups = v.groups.filter((g) => !lone.includes(g));
    }
  }
}

/**
 * A headerless group row (`/nh`, `| findstr`, `| Select-String`): a SID followed by two or
 * more attribute strings some language table knows, and nothing else.
 */
function isKnownAttributeRow(text: string): boolean {
  const sid = lastSidToken(text);
  if (!sid || sid.index === 0) {
    return false;
  }
  const { attributes, unknown } = mapAttributes(text.slice(sid.index + sid.sid.length));
  return attributes.length >= 2 && unknown.length === 0;
}

/** Cheap detector for the `auto` splitter. */
/** Properties of the Active Directory cmdlets' objects (Get-ADUser, Get-ADGroup...), never in whoami output. */
const AD_OBJECT_PROPERTY = /^[ \t>]*(?:ObjectGUID|SamAccountName|ObjectClass|DistinguishedName)[ \t]+:/m;

export function looksLikeWhoami(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  // Every sign below needs a SID, a privilege name or an escaped line end (`\\n`): most other
  // tools' output has none, and `auto` asks this of every section.
  if (input.indexOf('S-1-') === -1 && input.indexOf('Privilege') === -1 && input.indexOf('\\n') === -1) {
    return false;
  }
  let separator = false;
  let sid = false;
  let privilege = false;
  // A PowerShell AD object (`Get-ADUser x` lists `SID : S-1-5-21-...` among ObjectGUID,
  // SamAccountName...) has a SID label but is no whoami output.
  const adObject = AD_OBJECT_PROPERTY.test(input.length > 200_000 ? input.slice(0, 200_000) : input);
  for (const raw of input.split('\n', 20000)) {
    // An output written as a string literal is one line here: look at its decoded lines.
    const decoded = raw.indexOf('\\n') !== -1 ? decodeEscapedLine(raw.trimEnd()) : undefined;
    if (decoded && looksLikeWhoami(decoded.join('\n'))) {
      return true;
    }
    let t = raw.trim();
    // NetExec's columns before each line (text.ts strips them when parsing).
    const runner = runnerColumnsLength(t);
    if (runner > 0) {
      t = t.slice(runner).trim();
    }
    if (t.startsWith('"') && /"S-1-\d[\d-]{0,200}"/.test(t)) {
      return true;
    }
    if (!separator && t.startsWith('==') && separatorColumns(t)) {
      separator = true;
    }
    if (!sid && /(?:^|[\s:])S-1-\d/.test(t)) {
      sid = true;
    }
    if (!privilege && /^Se[A-Za-z0-9]{1,60}Privilege\s/.test(t)) {
      privilege = true;
    }
    if (separator && (sid || privilege)) {
      return true;
    }
    if (sid && t.length <= 2000 && isKnownAttributeRow(t)) {
      return true;
    }
    if (!adObject && /^[^:\n]{1,80}:[ \t]*S-1-5-21-\d/.test(t) && !/^(?:Client|Server)\b/i.test(t)) {
      return true;
    }
  }
  return false;
}
