// Draws media/icon.png (128x128) without an image library: a shield with a key, as in tti.svg.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const px = Buffer.alloc(N * N * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * N + x) * 4;
  px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a;
};
const bg = [30, 58, 95, 255];
const fg = [255, 255, 255, 255];
const accent = [255, 196, 61, 255];
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    // rounded square
    const r = 22;
    const cx = Math.min(Math.max(x, r), N - 1 - r);
    const cy = Math.min(Math.max(y, r), N - 1 - r);
    const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
    set(x, y, inside ? bg : [0, 0, 0, 0]);
    if (!inside) continue;
    // shield: top band then a curve to the bottom point
    const u = (x - 64) / 40;
    const v = (y - 16) / 96;
    const halfWidth = v < 0.45 ? 1 : Math.max(0, 1 - ((v - 0.45) / 0.55) ** 1.6);
    const inShield = v >= 0 && v <= 1 && Math.abs(u) <= halfWidth;
    const inInner = v >= 0.06 && v <= 0.93 && Math.abs(u) <= halfWidth - 0.12;
    if (inShield && !inInner) set(x, y, fg);
    // key: ring and shaft
    const d = Math.hypot(x - 64, y - 50);
    if (d <= 14 && d >= 8) set(x, y, accent);
    if (x >= 61 && x <= 67 && y >= 63 && y <= 94) set(x, y, accent);
    if (y >= 78 && y <= 83 && x >= 67 && x <= 76) set(x, y, accent);
    if (y >= 88 && y <= 93 && x >= 67 && x <= 74) set(x, y, accent);
  }
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6;
writeFileSync(new URL('../media/icon.png', import.meta.url), Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
]));
