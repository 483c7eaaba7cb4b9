/**
 * Root hooks for every Node test run: an unhandled promise rejection anywhere fails the test
 * that was running, instead of scrolling by as a warning.
 */
const rejections: unknown[] = [];
process.on('unhandledRejection', (reason) => {
  rejections.push(reason);
});

export const mochaHooks = {
  afterEach(): void {
    if (rejections.length > 0) {
      const first = rejections.splice(0, rejections.length)[0];
      throw new Error(`unhandled promise rejection: ${first instanceof Error ? (first.stack ?? first.message) : String(first)}`);
    }
  },
};
