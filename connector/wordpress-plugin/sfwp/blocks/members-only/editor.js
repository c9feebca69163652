/* global window */
/**
 * Editor side of the "Members only" block: the tags and any/all in the sidebar, the inner
 * blocks edited in place. The inner blocks are saved in the post; the server shows them only
 * to members with the tags. Plain script on WordPress's globals.
 */
(function (blocks, element, blockEditor, components, i18n) {
  'use strict';
  const el = element.createElement;
  const __ = i18n.__;

  function Edit(props) {
    const attributes = props.attributes;
    const blockProps = blockEditor.useBlockProps({ className: 'sfwp-members-only' });
    const sidebar = el(
      blockEditor.InspectorControls,
      null,
      el(
        components.PanelBody,
        { title: __('Members only', 'sfwp') },
        el(components.TextControl, {
          label: __('Tags (comma-separated)', 'sfwp'),
          help: __('Members see the content when their Salesforce tags match.', 'sfwp'),
          value: attributes.tags,
          onChange: function (value) {
            props.setAttributes({ tags: value });
          },
        }),
        el(components.SelectControl, {
          label: __('Members need', 'sfwp'),
          value: attributes.match,
          options: [
            { label: __('any of the tags', 'sfwp'), value: 'any' },
            { label: __('all of the tags', 'sfwp'), value: 'all' },
          ],
          onChange: function (value) {
            props.setAttributes({ match: value });
          },
        }),
      ),
    );
    const label = attributes.tags
      ? __('Members only:', 'sfwp') + ' ' + attributes.tags
      : __('Members only: set the tags in the sidebar', 'sfwp');
    return el(
      'div',
      blockProps,
      sidebar,
      el('p', { className: 'sfwp-members-only__label' }, label),
      el(blockEditor.InnerBlocks, null),
    );
  }

  blocks.registerBlockType('sfwp/members-only', {
    edit: Edit,
    save: function () {
      return el(blockEditor.InnerBlocks.Content, null);
    },
  });
})(
  window.wp.blocks,
  window.wp.element,
  window.wp.blockEditor,
  window.wp.components,
  window.wp.i18n,
);
