/**
 * The questions commands ask. Behind an interface so extension-host tests can answer them
 * (a modal dialog cannot be clicked from a test) and check that "cancel" runs nothing.
 */
import * as vscode from 'vscode';

export interface Prompts {
  /** A modal confirmation; resolves true only when the user picks `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  pickMany<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<readonly T[] | undefined>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
}

export const vscodePrompts: Prompts = {
  async confirm(message, detail, action) {
    const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return answer === action;
  },
  async pick(items, options) {
    return vscode.window.showQuickPick(items, options);
  },
  async pickMany(items, options) {
    return vscode.window.showQuickPick(items, { ...options, canPickMany: true });
  },
  async input(options) {
    return vscode.window.showInputBox(options);
  },
};
