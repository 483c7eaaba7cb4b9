/** Hovers on GPSVC key lines (what the line means) and on status codes (0x6ba, 1355, 0xC000005E). */
import * as vscode from 'vscode';
import { GPSVC_EVENT_INFO, parseGpsvcLine } from '../parse/gpsvc';
import { describeStatusCode, eventRange, statusCodeAt } from './analysis';

/** Hover work is skipped on pathological lines (the editor does not tokenize them either). */
const MAX_LINE_LENGTH = 20_000;

export interface GpsvcHoverContent {
  /** Markdown paragraphs. */
  paragraphs: string[];
  /** Columns the hover applies to. */
  start: number;
  end: number;
}

/** What to show when hovering `character` of a line, or null. Exported for the host tests. */
export function gpsvcHoverContent(text: string, character: number): GpsvcHoverContent | null {
  if (text.length > MAX_LINE_LENGTH) {
    return null;
  }
  const paragraphs: string[] = [];
  let start = character;
  let end = character;
  const code = statusCodeAt(text, character);
  if (code) {
    const info = describeStatusCode(code.text);
    if (info) {
      paragraphs.push(`**${code.text}**: \`${info.name}\`, ${info.text}`);
      start = code.start;
      end = code.end;
    }
  }
  const parsed = parseGpsvcLine(text);
  if (parsed.event && character >= parsed.messageStart) {
    const info = GPSVC_EVENT_INFO[parsed.event.kind];
    paragraphs.unshift(`**${vscode.l10n.t(info.title)}**\n\n${vscode.l10n.t(info.explanation)}`);
    if (!code || paragraphs.length === 1) {
      const range = eventRange(text, parsed, parsed.event);
      const inPhrase = character >= range.start && character <= range.end;
      start = inPhrase ? range.start : parsed.messageStart;
      end = inPhrase ? range.end : text.length;
    }
  }
  return paragraphs.length > 0 ? { paragraphs, start, end } : null;
}

export class GpsvcHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const content = gpsvcHoverContent(document.lineAt(position.line).text, position.character);
    if (!content) {
      return undefined;
    }
    const markdown = new vscode.MarkdownString(content.paragraphs.join('\n\n---\n\n'));
    return new vscode.Hover(markdown, new vscode.Range(position.line, content.start, position.line, content.end));
  }
}
