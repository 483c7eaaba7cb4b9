/**
 * The fastest reader of `klist sessions` output we could write, for the parsers' benchmark: it
 * builds the same session records as parseKlistSessions but with indexOf and slice only, no
 * regex, and none of what real pastes need (no quoting, prompts, CRLF, runner columns, errors,
 * localized text). Its throughput against a split is a ceiling for any parser of this format
 * that returns the records: if it stays under the target, no real parser can meet it.
 */

const LOGON_TYPES = new Map([
  ['interactive', 2],
  ['network', 3],
  ['batch', 4],
  ['service', 5],
  ['unlock', 7],
  ['networkcleartext', 8],
  ['newcredentials', 9],
  ['remoteinteractive', 10],
  ['cachedinteractive', 11],
  ['cachedremoteinteractive', 12],
  ['cachedunlock', 13],
]);

/** `[i] Session <n> 0:0x<luid> DOMAIN\name Package:LogonType` lines, as records. */
export function minimalKlistSessions(text) {
  const sessions = [];
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) {
      end = text.length;
    }
    line++;
    if (text.charCodeAt(pos) === 0x5b /* [ */) {
      const close = text.indexOf('] Session ', pos);
      if (close !== -1 && close < end) {
        const sessionEnd = text.indexOf(' ', close + 10);
        const colon = text.indexOf(':', sessionEnd);
        const idEnd = text.indexOf(' ', colon);
        const lastSpace = text.lastIndexOf(' ', end - 1);
        const typeColon = text.indexOf(':', lastSpace);
        let logonType = text.slice(typeColon + 1, end);
        let number;
        if (logonType.charCodeAt(0) === 0x28 /* ( */) {
          // `(0)`: klist prints the number when the type has no name.
          logonType = logonType.slice(1, -1);
          number = Number(logonType);
        } else {
          number = LOGON_TYPES.get(logonType.toLowerCase()) ?? null;
        }
        sessions.push({
          index: Number(text.slice(pos + 1, close)),
          session: Number(text.slice(close + 10, sessionEnd)),
          logonId: text.slice(colon + 1, idEnd).toLowerCase(),
          logonIdRaw: text.slice(sessionEnd + 1, idEnd),
          account: text.slice(idEnd + 1, lastSpace),
          authPackage: text.slice(lastSpace + 1, typeColon),
          logonType,
          logonTypeNumber: number,
          cachedCredentials: number !== null && number >= 11,
          line,
        });
      }
    }
    pos = end + 1;
  }
  return sessions;
}
