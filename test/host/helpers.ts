/** Shared by the extension-host suites: the activated API, fixtures, tree walking. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TtiApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';

export const EXTENSION_ID = 'tti.token-ticket-inspector';
/** out/test/host → the repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

export function fixture(relative: string): string {
  return fs.readFileSync(path.join(ROOT, 'test', 'fixtures', relative), 'utf8');
}

export async function api(): Promise<TtiApi> {
  const ext = vscode.extensions.getExtension<TtiApi>(EXTENSION_ID);
  if (!ext) {
    throw new Error(`${EXTENSION_ID} is not installed in this host`);
  }
  return ext.isActive ? ext.exports : ext.activate();
}

export interface Row {
  id: string;
  label: string;
  description: string;
  contextValue: string;
  node: TreeNode;
}

function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export async function rows(provider: vscode.TreeDataProvider<TreeNode>, parent?: TreeNode): Promise<Row[]> {
  const children = (await provider.getChildren(parent)) ?? [];
  return Promise.all(
    children.map(async (node) => {
      const item = await provider.getTreeItem(node);
      return { id: item.id ?? '', label: labelOf(item), description: typeof item.description === 'string' ? item.description : '', contextValue: item.contextValue ?? '', node };
    }),
  );
}

/** Finds a child row by label (exact) and fails with the labels that were there. */
export function byLabel(list: readonly Row[], label: string): Row {
  const found = list.find((r) => r.label === label);
  if (!found) {
    throw new Error(`no row "${label}" among: ${list.map((r) => r.label).join(' | ')}`);
  }
  return found;
}
