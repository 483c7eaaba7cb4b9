/**
 * `klist purge` / `klist -li 0x3e7 purge`.
 *
 * This parse is for display only: whether a purge worked must be judged by klist's exit
 * code, never by this (localized) text.
 */
import { detectKlistShadowInTexts, klistLineTexts, readKlistCommand, readKlistErrorLine, readLogonIdLine, SHADOW_WARNINGS } from './klist';
import type { KlistError, KlistShadow } from './klist';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export type PurgeLanguage = 'en' | 'de' | 'fr' | 'unknown';

export interface KlistPurgeRun {
  command: string | null;
  currentLogonId: string | null;
  currentLogonIdRaw: string | null;
  targetedLogonId: string | null;
  targetedLogonIdRaw: string | null;
  /** true: klist printed its "purged" line; false: it printed an error; null: neither seen. */
  purged: boolean | null;
  language: PurgeLanguage;
  /** The purge and error lines as printed. */
  messages: string[];
  error: KlistError | null;
}

/** The first purge at top level; every purge of the paste (`-li 0x3e4`, then `-li 0x3e7`) in `runs`. */
export interface KlistPurge extends KlistPurgeRun {
  runs: KlistPurgeRun[];
  shadowedBy: KlistShadow;
}

interface PurgePhrase {
  pattern: RegExp;
  language: Exclude<PurgeLanguage, 'unknown'>;
  /** The line that says the tickets are gone (the other one announces it). */
  done: boolean;
}

// `gel\S{1,3}scht`: tolerate an "ö" decoded with the wrong code page.
const PURGE_PHRASES: readonly PurgePhrase[] = [
  { pattern: /^Deleting all tickets:?$/i, language: 'en', done: false },
  { pattern: /^Ticket\(s\) purged!?$/i, language: 'en', done: true },
  { pattern: /^Alle Tickets werden gel\S{1,3}scht:?$/i, language: 'de', done: false },
  { pattern: /^Ticket\(s\) gel\S{1,3}scht\.?$/i, language: 'de', done: true },
  // French sets a (sometimes non-breaking) blank before `:` and `!`; `supprim\S{1,3}` as above for "é".
  { pattern: /^Suppression de tous les tickets\s?:?$/i, language: 'fr', done: false },
  { pattern: /^Ticket\(s\) supprim\S{1,3}\(s\)\s?!?$/i, language: 'fr', done: true },
];

/** The phrase a line is; every phrase starts with D, T, A or S (any case). */
function purgePhraseOf(text: string): PurgePhrase | undefined {
  const first = text.charCodeAt(0) | 0x20;
  if (first !== 0x64 && first !== 0x74 && first !== 0x61 && first !== 0x73) {
    return undefined;
  }
  return PURGE_PHRASES.find((p) => p.pattern.test(text));
}

function emptyRun(command: string | null): KlistPurgeRun {
  return {
    command,
    currentLogonId: null,
    currentLogonIdRaw: null,
    targetedLogonId: null,
    targetedLogonIdRaw: null,
    purged: null,
    language: 'unknown',
    messages: [],
    error: null,
  };
}

function hasContent(r: KlistPurgeRun): boolean {
  return r.currentLogonId !== null || r.messages.length > 0 || r.error !== null;
}

/** Errors of `klist get` or `klist tickets` in the same paste are not purges. */
function isPurgeRun(r: KlistPurgeRun, subcommand: string | null): boolean {
  if (subcommand !== null) {
    return subcommand === 'purge';
  }
  return r.language !== 'unknown' || /purge/i.test(r.error?.operation ?? '');
}

interface PurgeState {
  run: KlistPurgeRun;
  /** `purge` when the paste shows the command; runs of other commands are dropped. */
  subcommand: string | null;
}

function parsePurgeUnsafe(input: string, warnings: ParseWarning[]): { value: KlistPurge; recognized: boolean } {
  const lines = klistLineTexts(input);
  const runs: PurgeState[] = [];
  let current: PurgeState = { run: emptyRun(null), subcommand: null };
  runs.push(current);
  const newRun = (command: string | null, subcommand: string | null): void => {
    current = { run: emptyRun(command), subcommand };
    runs.push(current);
  };

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const line = i + 1;
    if (text === '') {
      continue;
    }
    const command = readKlistCommand(text);
    if (command) {
      if (hasContent(current.run) || current.run.command !== null) {
        newRun(command.command, command.subcommand);
      } else {
        current.run.command = command.command;
        current.subcommand = command.subcommand;
      }
      continue;
    }
    const logon = readLogonIdLine(text);
    if (logon) {
      const r = current.run;
      if (logon.role === 'targeted' || (logon.role === 'unknown' && r.currentLogonId !== null && r.targetedLogonId === null && r.messages.length === 0)) {
        r.targetedLogonId = logon.id;
        r.targetedLogonIdRaw = logon.raw;
      } else {
        if (hasContent(r)) {
          newRun(null, null);
        }
        current.run.currentLogonId = logon.id;
        current.run.currentLogonIdRaw = logon.raw;
      }
      continue;
    }
    const phrase = purgePhraseOf(text);
    if (phrase) {
      const r = current.run;
      if (r.purged !== null) {
        newRun(null, null); // a second purge pasted without its header
      }
      current.run.messages.push(text);
      current.run.language = phrase.language;
      if (phrase.done) {
        current.run.purged = true;
      }
      continue;
    }
    const err = readKlistErrorLine(text, line, current.run.error);
    if (err) {
      current.run.error = err;
      current.run.messages.push(text);
      current.run.purged = false;
    }
  }

  const kept = runs.filter((r) => hasContent(r.run) && isPurgeRun(r.run, r.subcommand)).map((r) => r.run);
  const shadowedBy = detectKlistShadowInTexts(lines);
  if (shadowedBy) {
    warnings.push({ message: SHADOW_WARNINGS[shadowedBy] });
  }
  for (const r of kept) {
    if (r.purged === null && r.messages.length > 0) {
      warnings.push({ message: 'klist announced the purge but the result line is missing; check the exit code.' });
    }
  }
  const first = kept[0] ?? emptyRun(null);
  return { value: { ...first, runs: kept, shadowedBy }, recognized: kept.length > 0 || shadowedBy !== null };
}

function emptyPurge(): KlistPurge {
  return { ...emptyRun(null), runs: [], shadowedBy: null };
}

/** Parses `klist purge` output for display; judge success by the exit code. */
export function parseKlistPurge(input: string, options: ParseOptions = {}): ParseResult<KlistPurge> {
  void options; // no dates in this output; the signature matches the other parsers
  const warnings: ParseWarning[] = [];
  try {
    const { value, recognized } = parsePurgeUnsafe(input, warnings);
    return { kind: 'klist-purge', recognized, value, warnings };
  } catch (e) {
    warnings.push({ message: `Internal parser error: ${e instanceof Error ? e.message : String(e)}` });
    return { kind: 'klist-purge', recognized: false, value: emptyPurge(), warnings };
  }
}

const LOOKS_LIKE_PURGE = /^[ \t>]*(?:Deleting all tickets:?|Ticket\(s\) purged!?|Alle Tickets werden gel\S{1,3}scht:?|Ticket\(s\) gel\S{1,3}scht\.?|Suppression de tous les tickets\s?:?|Ticket\(s\) supprim\S{1,3}\(s\)\s?!?)[ \t]*$/im;

export function looksLikeKlistPurge(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  return LOOKS_LIKE_PURGE.test(input.slice(0, 200_000));
}
