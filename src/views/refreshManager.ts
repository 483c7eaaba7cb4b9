/**
 * One place decides when this machine is read again: debounced, with typed reasons, idle while
 * every view is hidden, and on window focus only after a configurable interval.
 */
import * as vscode from 'vscode';

export type RefreshReason = 'activation' | 'command' | 'visible' | 'focus' | 'configuration' | 'afterAction' | 'elevated';

export interface RefreshTarget {
  /** Reads this machine; must never throw (problems end up in the model). */
  refresh(reason: RefreshReason, token: vscode.CancellationToken): Promise<void>;
}

export class RefreshManager implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending = new Set<RefreshReason>();
  private running: Promise<void> | undefined;
  private cancel: vscode.CancellationTokenSource | undefined;
  private dirty = true;
  private lastRefresh = 0;
  private readonly visible = new Set<string>();
  private readonly onDidRefreshEmitter = new vscode.EventEmitter<readonly RefreshReason[]>();
  readonly onDidRefresh = this.onDidRefreshEmitter.event;

  constructor(
    private readonly target: RefreshTarget,
    views: readonly vscode.TreeView<unknown>[],
    private readonly focusIntervalSeconds: () => number,
    private readonly log: vscode.LogOutputChannel,
    private readonly debounceMs = 500,
  ) {
    for (const view of views) {
      const key = `${views.indexOf(view)}`;
      if (view.visible) {
        this.visible.add(key);
      }
      this.disposables.push(
        view.onDidChangeVisibility((e) => {
          if (e.visible) {
            this.visible.add(key);
            if (this.dirty) {
              this.request('visible');
            }
          } else {
            this.visible.delete(key);
          }
        }),
      );
    }
    this.disposables.push(
      vscode.window.onDidChangeWindowState((state) => {
        const interval = this.focusIntervalSeconds();
        if (state.focused && interval > 0 && Date.now() - this.lastRefresh > interval * 1000) {
          this.request('focus');
        }
      }),
      this.onDidRefreshEmitter,
    );
  }

  get isAnyViewVisible(): boolean {
    return this.visible.size > 0;
  }

  /** Debounced; explicit requests ('command', 'afterAction', 'elevated') run even while hidden. */
  request(reason: RefreshReason): void {
    const explicit = reason === 'command' || reason === 'afterAction' || reason === 'elevated' || reason === 'activation';
    if (!explicit && !this.isAnyViewVisible) {
      this.dirty = true;
      return;
    }
    this.pending.add(reason);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
  }

  /** Runs now (no debounce) and resolves when the model is updated. */
  async refreshNow(reason: RefreshReason): Promise<void> {
    this.pending.add(reason);
    clearTimeout(this.timer);
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.running) {
      // A refresh is under way: let it finish, then run once more for the new reasons.
      await this.running;
      if (this.pending.size === 0) {
        return;
      }
    }
    const reasons = [...this.pending];
    this.pending.clear();
    this.cancel?.dispose();
    this.cancel = new vscode.CancellationTokenSource();
    const token = this.cancel.token;
    this.log.debug(`[refresh] ${reasons.join(', ')}`);
    this.running = this.target
      .refresh(reasons[0] ?? 'command', token)
      .catch((err: unknown) => this.log.error(`[refresh] ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.running = undefined;
        this.dirty = false;
        this.lastRefresh = Date.now();
        this.onDidRefreshEmitter.fire(reasons);
      });
    await this.running;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.cancel?.cancel();
    this.cancel?.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
