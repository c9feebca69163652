import { describe, expect, it } from 'vitest';
import {
  CompanionPluginMissingError,
  type LookupMatch,
} from '../../src/wordpress/companion-plugin.js';
import { WordPressError } from '../../src/wordpress/errors.js';
import { LookupRoute } from '../../src/wordpress/lookup-route.js';

function route(answer: (values: readonly string[]) => Promise<LookupMatch[]>) {
  const asked: number[] = [];
  let now = 0;
  const lookup = new LookupRoute({
    lookUp: (_type, _field, values) => {
      asked.push(values.length);
      return answer(values);
    },
    now: () => now,
  });
  return {
    lookup,
    asked,
    later: (ms: number) => {
      now += ms;
    },
  };
}

const refused = (status: number, code: string) =>
  new WordPressError(`refused ${code}`, { code, status });

describe('LookupRoute', () => {
  it('asks 200 values a request and joins the matches', async () => {
    const { lookup, asked } = route((values) =>
      Promise.resolve(values.slice(0, 1).map((value, index) => ({ id: index + 1, value }))),
    );
    const values = Array.from({ length: 450 }, (_, index) => `v${index}`);
    const matches = await lookup.lookUp('user', 'email', values);
    expect(asked).toEqual([200, 200, 50]);
    expect(matches?.map((match) => match.value)).toEqual(['v0', 'v200', 'v400']);
  });

  it('says it cannot (undefined) for a field the plugin refuses, for a minute, for that field only', async () => {
    const { lookup, asked, later } = route((values) =>
      values[0] === 'bad'
        ? Promise.reject(refused(400, 'sfwp_lookup_field_unsupported'))
        : Promise.resolve([]),
    );
    expect(await lookup.lookUp('user', 'meta.secret', ['bad'])).toBeUndefined();
    expect(await lookup.lookUp('user', 'meta.secret', ['bad'])).toBeUndefined();
    expect(asked).toEqual([1]);
    expect(await lookup.lookUp('user', 'email', ['good'])).toEqual([]);
    later(60_001);
    expect(await lookup.lookUp('user', 'meta.secret', ['bad'])).toBeUndefined();
    expect(asked).toEqual([1, 1, 1]);
  });

  it('says it cannot for every lookup while the plugin has no such route', async () => {
    const { lookup, asked } = route(() =>
      Promise.reject(new CompanionPluginMissingError('http://wp.test/wp-json')),
    );
    expect(await lookup.lookUp('user', 'email', ['a'])).toBeUndefined();
    expect(await lookup.lookUp('organization', 'title', ['b'])).toBeUndefined();
    expect(asked).toEqual([1]);
  });

  it('throws what is not a refusal (WordPress down, a 500)', async () => {
    const down = refused(503, 'sfwp_unreachable');
    const { lookup } = route(() => Promise.reject(down));
    await expect(lookup.lookUp('user', 'email', ['a'])).rejects.toBe(down);
  });
});
