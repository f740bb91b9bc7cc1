import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/** Who presented a key: its owner's name, or that no key was presented, or an unknown one. */
export type KeyMatch = { owner: string } | { problem: 'missing' | 'unknown' };

/**
 * A set of bearer keys and their owners (tenants, admins). Keys are kept and compared as SHA-256
 * digests in constant time, against every key, so timing tells neither a key's prefix nor which
 * key matched. Keys are never logged.
 */
export class KeyRing {
  private readonly digests: { owner: string; digest: Buffer }[];

  constructor(keys: readonly { owner: string; key: string }[]) {
    this.digests = keys.map(({ owner, key }) => ({ owner, digest: sha256(key) }));
  }

  get size(): number {
    return this.digests.length;
  }

  /** `authorization` is the raw `Authorization` header (`Bearer <key>`). */
  match(authorization: string | undefined): KeyMatch {
    const bearer = BEARER.exec(authorization ?? '');
    if (!bearer) {
      return { problem: 'missing' };
    }
    const presented = sha256(bearer[1]);
    let owner: string | undefined;
    for (const candidate of this.digests) {
      if (timingSafeEqual(candidate.digest, presented)) {
        owner = candidate.owner;
      }
    }
    return owner === undefined ? { problem: 'unknown' } : { owner };
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
