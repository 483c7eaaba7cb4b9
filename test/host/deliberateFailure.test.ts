/** Loaded only with TTI_HOST_DELIBERATE_FAILURE=1: proves a failing host test fails `npm test`. */
import * as assert from 'node:assert/strict';

describe('Deliberate failure', () => {
  it('fails on purpose', () => {
    assert.equal(1 + 1, 3);
  });
});
