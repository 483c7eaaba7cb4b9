/** The error a cancelled GPSVC summary rejects with: the signal's own reason, or an AbortError. */
export function gpsvcAbortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) {
    return reason;
  }
  const err = new Error('The GPSVC log summary was cancelled.');
  err.name = 'AbortError';
  return err;
}
