/**
 * Shared shapes of every parser. Parsers are pure: no `vscode`, no I/O, never throw.
 */

export type ParseKind =
  | 'whoami'
  | 'klist'
  | 'klist-tgt'
  | 'klist-sessions'
  | 'klist-purge'
  | 'gpupdate'
  | 'gpresult'
  | 'gpsvc'
  | 'unix-klist'
  | 'id'
  | 'ldif'
  | 'auto';

/** Something a parser noticed but could not fully read. `line` is 1-based in the input. */
export interface ParseWarning {
  line?: number;
  message: string;
}

/**
 * `recognized` is false when the input is not of this kind at all (the CLI exits 1 then);
 * a recognized input can still carry warnings about lines it could not read.
 */
export interface ParseResult<T> {
  kind: ParseKind;
  recognized: boolean;
  value: T;
  warnings: ParseWarning[];
}

/** A time as printed, plus ISO 8601 only when the reading is unambiguous. */
export interface TimeValue {
  raw: string;
  /** `YYYY-MM-DDTHH:MM:SS` (local time, no zone) or with `Z` when the source says UTC. */
  iso?: string;
}

/** Order of day, month and year in a locale-formatted date. */
export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export interface ParseOptions {
  /** Known from the machine's locale; without it only self-evident dates get an `iso`. */
  dateOrder?: DateOrder;
}
