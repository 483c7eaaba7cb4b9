/**
 * `ldapsearch -LLL -o ldif-wrap=no` output (LDIF, RFC 2849): entries of `dn:` and attributes, a
 * blank line between entries, `name:: base64` for binary or non-ASCII values, comments and search
 * references (`# refldap://...`). Folded lines (a leading space continues the previous line) are
 * joined in case ldif-wrap was left on. SID attributes (objectSid, tokenGroups) come out as
 * `S-1-5-...` strings; other base64 values as UTF-8 text. Pure, never throws.
 */
import { sidFromBytes } from './sid';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export interface LdifEntry {
  dn: string;
  /** Attribute values by lower-cased attribute name, in output order. */
  attributes: Record<string, string[]>;
}

export interface Ldif {
  entries: LdifEntry[];
  /** Search references (`# refldap://...` with -LLL): other naming contexts, not results. */
  references: string[];
}

/** Attributes whose values are binary SIDs. */
const SID_ATTRIBUTES = new Set(['objectsid', 'tokengroups', 'sidhistory']);
const ATTRIBUTE = /^([A-Za-z][\w-]{0,127}(?:;[\w-]{1,64})*)(::?)[ ]?(.*)$/;

function unfold(input: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = input.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const last = out[out.length - 1];
    if (text.startsWith(' ') && last && last.text !== '') {
      last.text += text.slice(1);
    } else {
      out.push({ text, line: i + 1 });
    }
  }
  return out;
}

function decodeValue(attribute: string, base64: boolean, raw: string): string | null {
  if (!base64) {
    return raw;
  }
  const bytes = Buffer.from(raw, 'base64');
  return SID_ATTRIBUTES.has(attribute) ? sidFromBytes(bytes) : bytes.toString('utf8');
}

export function parseLdif(input: string, options: ParseOptions = {}): ParseResult<Ldif> {
  void options; // no dates here; the signature matches the other parsers
  const warnings: ParseWarning[] = [];
  const value: Ldif = { entries: [], references: [] };
  try {
    let entry: LdifEntry | null = null;
    for (const { text, line } of unfold(typeof input === 'string' ? input : '')) {
      if (text.trim() === '') {
        entry = null;
        continue;
      }
      if (text.startsWith('#')) {
        const ref = /^#\s*ref(ldaps?:\/\/\S+)/.exec(text);
        if (ref?.[1]) {
          value.references.push(ref[1]);
        }
        continue;
      }
      const m = ATTRIBUTE.exec(text);
      if (!m) {
        warnings.push({ line, message: 'Not an LDIF line.' });
        continue;
      }
      const name = (m[1] ?? '').toLowerCase();
      const decoded = decodeValue(name, m[2] === '::', m[3] ?? '');
      if (decoded === null) {
        warnings.push({ line, message: `${m[1] ?? name}: not a SID.` });
        continue;
      }
      if (name === 'dn') {
        entry = { dn: decoded, attributes: {} };
        value.entries.push(entry);
        continue;
      }
      if (!entry) {
        warnings.push({ line, message: 'An attribute outside an entry (no dn: line before it).' });
        continue;
      }
      (entry.attributes[name] ??= []).push(decoded);
    }
  } catch (e) {
    warnings.push({ message: `Internal parser error: ${e instanceof Error ? e.message : String(e)}` });
  }
  return { kind: 'ldif', recognized: value.entries.length > 0, value, warnings };
}
