/**
 * Binary SIDs (MS-DTYP 2.4.2.2) to and from the `S-1-...` string form. LDAP returns SIDs
 * (objectSid, tokenGroups) as these bytes, base64-encoded in LDIF. Pure; never throws.
 */

const MAX_SUB_AUTHORITIES = 15;
const MAX_AUTHORITY = 2 ** 48 - 1;
const MAX_UINT32 = 0xffffffff;

/**
 * `S-1-<authority>-<sub>...` from the bytes: revision 1, sub-authority count, a 48-bit
 * big-endian identifier authority, then the count's little-endian 32-bit sub-authorities.
 * Null when the bytes are not exactly one well-formed SID.
 */
export function sidFromBytes(buf: Uint8Array): string | null {
  if (buf.length < 8 || buf[0] !== 1) {
    return null;
  }
  const count = buf[1] ?? 0;
  if (count > MAX_SUB_AUTHORITIES || buf.length !== 8 + 4 * count) {
    return null;
  }
  let authority = 0;
  for (let i = 2; i < 8; i++) {
    authority = authority * 256 + (buf[i] ?? 0);
  }
  // MS-DTYP: authorities that do not fit 32 bits are written in hex.
  const parts = ['S-1', authority > MAX_UINT32 ? `0x${authority.toString(16).toUpperCase().padStart(12, '0')}` : String(authority)];
  for (let k = 0; k < count; k++) {
    const o = 8 + 4 * k;
    parts.push(String(((buf[o] ?? 0) | ((buf[o + 1] ?? 0) << 8) | ((buf[o + 2] ?? 0) << 16)) + (buf[o + 3] ?? 0) * 0x1000000));
  }
  return parts.join('-');
}

const DECIMAL = /^[0-9]{1,15}$/;
const HEX_AUTHORITY = /^0[xX][0-9a-fA-F]{1,12}$/;

/** The bytes of a string SID; null when it is not a valid revision-1 SID. */
export function sidToBytes(sid: string): Uint8Array | null {
  if (typeof sid !== 'string' || sid.length > 200) {
    return null;
  }
  const parts = sid.trim().split('-');
  if (parts.length < 3 || (parts[0] !== 'S' && parts[0] !== 's') || parts[1] !== '1') {
    return null;
  }
  const authorityText = parts[2] ?? '';
  let authority: number;
  if (HEX_AUTHORITY.test(authorityText)) {
    authority = Number.parseInt(authorityText.slice(2), 16);
  } else if (DECIMAL.test(authorityText)) {
    authority = Number(authorityText);
  } else {
    return null;
  }
  if (authority > MAX_AUTHORITY) {
    return null;
  }
  const subs = parts.slice(3);
  if (subs.length > MAX_SUB_AUTHORITIES) {
    return null;
  }
  const out = new Uint8Array(8 + 4 * subs.length);
  out[0] = 1;
  out[1] = subs.length;
  let rest = authority;
  for (let i = 7; i >= 2; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  for (let k = 0; k < subs.length; k++) {
    const text = subs[k] ?? '';
    if (!DECIMAL.test(text)) {
      return null;
    }
    const value = Number(text);
    if (value > MAX_UINT32) {
      return null;
    }
    const o = 8 + 4 * k;
    out[o] = value & 0xff;
    out[o + 1] = (value >>> 8) & 0xff;
    out[o + 2] = (value >>> 16) & 0xff;
    out[o + 3] = (value >>> 24) & 0xff;
  }
  return out;
}
