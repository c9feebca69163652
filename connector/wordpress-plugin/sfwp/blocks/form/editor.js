/* global window */
/**
 * Editor side of the "Salesforce form" block: a form picker in the sidebar and the
 * server-rendered form as preview. Plain script on WordPress's globals, no build step.
 */
(function (blocks, element, blockEditor, components, serverSideRender, i18n) {
  'use strict';
  const el = element.createElement;
  const __ = i18n.__;
  const data = window.sfwpFormBlock || { forms: [], newFormUrl: '' };

  function formOptions() {
    const options = [{ value: '0', label: __('Choose a form…', 'sfwp') }];
    data.forms.forEach(function (form) {
      options.push({ value: String(form.id), label: form.title });
    });
    return options;
  }

  function Edit(props) {
    const formId = props.attributes.formId || 0;
    const blockProps = blockEditor.useBlockProps();
    const picker = el(components.SelectControl, {
      label: __('Form', 'sfwp'),
      value: String(formId),
      options: formOptions(),
      onChange: function (value) {
        props.setAttributes({ formId: parseInt(value, 10) || 0 });
      },
    });
    const sidebar = el(
      blockEditor.InspectorControls,
      null,
      el(components.PanelBody, { title: __('Salesforce form', 'sfwp') }, picker),
    );
    const body = formId
      ? el(
          components.Disabled,
          null,
          el(serverSideRender, { block: 'sfwp/form', attributes: { formId: formId } }),
        )
      : el(
          components.Placeholder,
          {
            icon: 'feedback',
            label: __('Salesforce form', 'sfwp'),
            instructions: __('Choose the form to show.', 'sfwp'),
          },
          picker,
        );
    return el('div', blockProps, sidebar, body);
  }

  blocks.registerBlockType('sfwp/form', {
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
