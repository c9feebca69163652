import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Whether an `Authorization` header carries `Bearer <expected>`. The comparison takes the same
 * time whatever the header holds (both sides are hashed to equal length first), so response
 * timing says nothing about how much of a guess was right.
 */
export function bearerTokenMatches(header: string | undefined, expected: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const presented = match?.[1] ?? '';
  const equal = timingSafeEqual(digest(presented), digest(expected));
  return equal && presented !== '' && expected !== '';
}
