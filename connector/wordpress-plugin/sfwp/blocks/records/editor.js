/* global window */
/**
 * Editor side of the "Salesforce records" block: the access entry, fields and page size in
 * the sidebar, and the server-rendered table as preview. Plain script on WordPress's globals.
 */
(function (blocks, element, blockEditor, components, serverSideRender, i18n) {
  'use strict';
  const el = element.createElement;
  const __ = i18n.__;

  function Edit(props) {
    const attributes = props.attributes;
    const blockProps = blockEditor.useBlockProps();
    const controls = [
      el(components.TextControl, {
        key: 'access',
        label: __('Access entry (API name)', 'sfwp'),
        help: __(
          'A WP API Access entry your Salesforce admin created, e.g. Account_Directory.',
          'sfwp',
        ),
        value: attributes.access,
        onChange: function (value) {
          props.setAttributes({ access: value });
        },
      }),
      el(components.TextControl, {
        key: 'fields',
        label: __('Fields (comma-separated, empty for all allowed)', 'sfwp'),
        value: attributes.fields,
        onChange: function (value) {
          props.setAttributes({ fields: value });
        },
      }),
      el(components.RangeControl, {
        key: 'limit',
        label: __('Records per page', 'sfwp'),
        min: 1,
        max: 200,
        value: attributes.limit,
        onChange: function (value) {
          props.setAttributes({ limit: value || 10 });
        },
      }),
    ];
    const sidebar = el(
      blockEditor.InspectorControls,
      null,
      el(components.PanelBody, { title: __('Salesforce records', 'sfwp') }, controls),
    );
    const body = attributes.access
      ? el(
          components.Disabled,
          null,
          el(serverSideRender, { block: 'sfwp/records', attributes: attributes }),
        )
      : el(
          components.Placeholder,
          {
            icon: 'list-view',
            label: __('Salesforce records', 'sfwp'),
            instructions: __('Name the access entry to show.', 'sfwp'),
          },
          controls,
        );
    return el('div', blockProps, sidebar, body);
  }

  blocks.registerBlockType('sfwp/records', {
    edit: Edit,
    save: function () {
      return null;
    },
  });
})(
  window.wp.blocks,
  window.wp.element,
  window.wp.blockEditor,
  window.wp.components,
  window.wp.serverSideRender,
  window.wp.i18n,
);
