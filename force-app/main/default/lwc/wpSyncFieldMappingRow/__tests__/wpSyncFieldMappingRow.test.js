import { createElement } from 'lwc';
import WpSyncFieldMappingRow from 'c/wpSyncFieldMappingRow';

const ROW = {
  salesforceField: 'Email',
  wordPressField: 'email',
  direction: 'Bidirectional',
  transform: 'None',
  required: true,
  isNew: false,
};

function render(row = ROW, readOnly = false) {
  const element = createElement('c-wp-sync-field-mapping-row', { is: WpSyncFieldMappingRow });
  element.row = row;
  element.index = 2;
  element.readOnly = readOnly;
  element.fieldOptions = [{ label: 'Email (Email)', value: 'Email' }];
  document.body.appendChild(element);
  return element;
}

function byName(root, tag, name) {
  return [...root.querySelectorAll(tag)].find((candidate) => candidate.name === name);
}

describe('c-wp-sync-field-mapping-row', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows the field mapping with describe-driven field choices', async () => {
    const element = render();

    const root = element.shadowRoot;
    expect(root.querySelector('legend').textContent).toBe('Field mapping 3');
    const salesforce = byName(root, 'lightning-combobox', 'salesforceField');
    expect(salesforce.value).toBe('Email');
    expect(salesforce.options).toEqual([{ label: 'Email (Email)', value: 'Email' }]);
    expect(root.querySelector('lightning-input').value).toBe('email');
    expect(byName(root, 'lightning-input', 'required').checked).toBe(true);
    expect(root.querySelector('lightning-button-icon')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('reports text, choice and checkbox changes with its index', () => {
    const element = render();
    const changes = jest.fn();
    element.addEventListener('rowchange', changes);

    const wordPress = byName(element.shadowRoot, 'lightning-input', 'wordPressField');
    wordPress.dispatchEvent(new CustomEvent('change', { detail: { value: 'meta.colour' } }));
    const required = byName(element.shadowRoot, 'lightning-input', 'required');
    required.checked = false;
    required.dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));

    expect(changes.mock.calls.map((call) => call[0].detail)).toEqual([
      { index: 2, name: 'wordPressField', value: 'meta.colour' },
      { index: 2, name: 'required', value: false },
    ]);
  });

  it('lets a new row be removed, unless read-only', () => {
    const element = render({ ...ROW, isNew: true });
    const removed = jest.fn();
    element.addEventListener('rowremove', removed);

    const remove = element.shadowRoot.querySelector('lightning-button-icon');
    expect(remove.alternativeText).toBe('Remove field mapping 3');
    remove.click();
    expect(removed.mock.calls[0][0].detail).toEqual({ index: 2 });

    const readOnly = render({ ...ROW, isNew: true }, true);
    expect(readOnly.shadowRoot.querySelector('lightning-button-icon')).toBeNull();
    expect(readOnly.shadowRoot.querySelector('lightning-combobox').disabled).toBe(true);
  });
});
