/**
 * A 64-bit digest of `text` as 16 hex digits, for names and checksums that must change with their input: the
 * transpile cache's file names and the Kubernetes export's `checksum/config`. Not for security: nothing here guards
 * against a chosen collision (the cache folder is the user's own, and the checksum only decides a rollout).
 *
 * Why not node's crypto: loading it is ~4 ms (a dozen internal modules) of a command whose budget is a few dozen, and
 * these inputs are a few kilobytes. Two 32-bit multiply-xorshift lanes over the UTF-16 code units, as bryc's cyrb53
 * (public domain) does, keeping both lanes whole; either lane alone already changes with any one code unit.
 */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex8(h1) + hex8(h2);
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
