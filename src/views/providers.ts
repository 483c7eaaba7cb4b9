/**
 * TreeDataProviders over the InspectorStore. They only read the model; refreshing it is the
 * RefreshManager's job.
 */
import * as vscode from 'vscode';
import { compareTokens } from '../model/present';
import type { InspectorStore } from '../model/store';
import type { Source } from '../model/types';
import { LogonSessionNode, ProblemNode, SessionNode, SourceNode } from './nodes';
import type { TreeNode } from './nodes';

abstract class StoreTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;
  private pendingFire: NodeJS.Timeout | undefined;

  constructor(protected readonly store: InspectorStore) {
    // Several store changes in a row (refresh + import) become one tree refresh: VS Code can mix
    // old and new elements when a second refresh starts while it still resolves the first.
    this.unsubscribe = store.onDidChange(() => {
      if (!this.pendingFire) {
        this.pendingFire = setTimeout(() => {
          this.pendingFire = undefined;
          this.changed.fire(undefined);
        }, 20);
      }
    });
  }

  protected abstract readonly viewKey: string;
  protected abstract showSource(source: Source): boolean;
  protected abstract sourceChildren(node: SourceNode): TreeNode[];

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return element.getTreeItem();
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (element) {
      return element.getChildren();
    }
    return this.store.sources.filter((s) => this.showSource(s)).map((s) => new SourceNode(s, (n) => this.sourceChildren(n), this.viewKey));
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return element.parent;
  }

  dispose(): void {
    clearTimeout(this.pendingFire);
    this.unsubscribe();
    this.changed.dispose();
  }
}

export class GroupsTreeProvider extends StoreTreeProvider {
  protected readonly viewKey = 'groups';

  protected showSource(source: Source): boolean {
    return source.sessions.some((s) => s.groups !== undefined || s.problems.length > 0);
  }

  protected sourceChildren(node: SourceNode): TreeNode[] {
    const sessions = node.source.sessions.filter((s) => s.groups !== undefined || (s.caches === undefined && s.problems.length > 0));
    const elevated = sessions.find((s) => s.kind === 'elevated');
    // In a paste the limited token is the Medium one beside the elevated (High) one.
    const limited = sessions.find((s) => s.kind === 'limited') ?? (elevated ? sessions.find((s) => s.kind === 'imported' && s.integrityLevel === 'medium') : undefined);
    let differences: Map<string, string> | undefined;
    if (limited?.groups && elevated?.groups) {
      differences = new Map(compareTokens(limited, elevated).map((d) => [(d.sid || d.name).toUpperCase(), d.summary]));
    }
    return sessions.map((s) => new SessionNode(node, node.source, s, 'groups', s === limited || s === elevated ? differences : undefined));
  }
}

export class KerberosTreeProvider extends StoreTreeProvider {
  protected readonly viewKey = 'kerberos';

  protected showSource(source: Source): boolean {
    return source.sessions.some((s) => s.caches !== undefined && (s.caches.some((c) => c.tickets.length > 0) || s.problems.length > 0));
  }

  protected sourceChildren(node: SourceNode): TreeNode[] {
    return node.source.sessions
      .filter((s) => s.caches !== undefined && (s.caches.some((c) => c.tickets.length > 0) || s.problems.length > 0))
      .map((s) => new SessionNode(node, node.source, s, 'kerberos'));
  }
}

export class LogonSessionsTreeProvider extends StoreTreeProvider {
  protected readonly viewKey = 'sessions';

  protected showSource(source: Source): boolean {
    return (source.logonSessions?.length ?? 0) > 0 || source.problems.length > 0;
  }

  protected sourceChildren(node: SourceNode): TreeNode[] {
    const problems = node.source.problems.map((p, i) => new ProblemNode(`${node.id}/problem/${i}`, node, p));
    return [...problems, ...(node.source.logonSessions ?? []).map((row) => new LogonSessionNode(node, node.id, row))];
  }
}
