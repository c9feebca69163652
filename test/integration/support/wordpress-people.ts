import { WpapiWordPressClient } from '../../../connector/src/wordpress/index.js';
import type { ProvidedWordPress } from '../../wordpress/target.js';

/**
 * A WordPress client acting as one of the launcher-created people: `editor` stands in for a
 * human (not the connector's user, no origin signature, so its edits enter the change feed as
 * people's), `subscriber` has no sfwp access.
 */
export function personClient(
  wordpress: ProvidedWordPress,
  who: 'editor' | 'subscriber',
): WpapiWordPressClient {
  const person = wordpress.people?.[who];
  if (!person) {
    throw new Error(
      `This test needs the launcher-created ${who} account (people.${who}); an external WP_URL has none.`,
    );
  }
  return new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: person.username,
    applicationPassword: person.applicationPassword,
  });
}
