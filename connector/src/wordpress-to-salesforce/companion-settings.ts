import { HTML_TRANSFORMS, URL_TRANSFORMS } from '../mapping/transforms.js';
import { isMetaField } from '../mapping/wordpress-fields.js';
import { FORM_SUBMISSION_TYPE, type ObjectMapping } from '../mapping/types.js';
import type { CompanionSettings } from '../wordpress/companion-plugin.js';
import { USER_TYPE } from '../wordpress/types.js';

function addKeys(lists: Record<string, string[]>, type: string, keys: string[]): void {
  if (keys.length > 0) lists[type] = [...new Set([...(lists[type] ?? []), ...keys])];
}

function metaKeys(mapping: ObjectMapping, transforms?: ReadonlySet<string>): string[] {
  return mapping.fields
    .filter((field) => isMetaField(field.wordpressField) && !field.set)
    .filter((field) => transforms === undefined || transforms.has(field.transform))
    .map((field) => field.wordpressField.slice('meta.'.length));
}

/** Meta keys of set-valued fields: lists of strings (tags), registered as arrays. */
function listMetaKeys(mapping: ObjectMapping): string[] {
  return mapping.fields
    .filter((field) => isMetaField(field.wordpressField) && field.set)
    .map((field) => field.wordpressField.slice('meta.'.length));
}

/**
 * What the plugin must know: the post types to record, the meta keys to expose in REST (as text,
 * or, for set-valued fields, as lists of strings), which keys hold HTML or URLs (the plugin strips every tag from the connector's other text), and
 * the connector's own WordPress user, by which it recognises the connector's writes when no
 * shared secret signs them.
 */
export function companionSettingsFor(
  mappings: Iterable<ObjectMapping>,
  options: {
    webhookUrl: string | undefined;
    sharedSecret: string | undefined;
    connectorUserId?: number;
  },
): CompanionSettings {
  const postTypes = new Set<string>();
  const meta: Record<string, string[]> = {};
  const html: Record<string, string[]> = {};
  const urls: Record<string, string[]> = {};
  const lists: Record<string, string[]> = {};
  for (const mapping of mappings) {
    if (!mapping.active) continue;
    // Form submissions are the plugin's own rows, not a post type it should track.
    if (mapping.wordpressType === FORM_SUBMISSION_TYPE) continue;
    if (mapping.wordpressType !== USER_TYPE) postTypes.add(mapping.wordpressType);
    addKeys(meta, mapping.wordpressType, metaKeys(mapping));
    addKeys(html, mapping.wordpressType, metaKeys(mapping, HTML_TRANSFORMS));
    addKeys(urls, mapping.wordpressType, metaKeys(mapping, URL_TRANSFORMS));
    addKeys(lists, mapping.wordpressType, listMetaKeys(mapping));
    // WordPress keeps the user description as the user meta `description`.
    const htmlDescription = mapping.fields.some(
      (field) => field.wordpressField === 'description' && HTML_TRANSFORMS.has(field.transform),
    );
    if (mapping.wordpressType === USER_TYPE && htmlDescription) {
      addKeys(html, USER_TYPE, ['description']);
    }
  }
  return {
    post_types: [...postTypes].sort(),
    meta,
    html_meta_keys: html,
    url_meta_keys: urls,
    list_meta_keys: lists,
    ...(options.webhookUrl === undefined ? {} : { webhook_url: options.webhookUrl }),
    ...(options.sharedSecret === undefined ? {} : { shared_secret: options.sharedSecret }),
    ...(options.connectorUserId === undefined
      ? {}
      : { connector_user_id: options.connectorUserId }),
  };
}
