/**
 * The fastest reader of `klist sessions` output we could write, for the parsers' benchmark: it
 * builds the same session records as parseKlistSessions but with indexOf and slice only, no
 * regex, and none of what real pastes need (no quoting, prompts, CRLF, runner columns, errors,
 * localized text). Its throughput against a split is a ceiling for any parser of this format
 * that returns the records: if it stays under the target, no real parser can meet it.
 */


/**
 * `[i] Session <n> 0:0x<luid> DOMAIN\name Package:LogonType` lines, as records. `logonTypes`:
 * the parser's own table of logon type names (LOGON_TYPE_NUMBERS).
 */
export function minimalKlistSessions(text, logonTypes) {
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
          number = logonTypes.get(logonType.toLowerCase()) ?? null;
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
