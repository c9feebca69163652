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

  it('offers the set sources, and Topics as the Salesforce field of a Topics set', () => {
    const element = render({ ...ROW, setSource: 'Topics', salesforceField: 'Topics' });
    const root = element.shadowRoot;
    const source = byName(root, 'lightning-combobox', 'setSource');
    expect(source.value).toBe('Topics');
    expect(source.options.map((option) => option.value)).toEqual([
      '',
      'MultiSelectPicklist',
      'Topics',
    ]);
    expect(byName(root, 'lightning-combobox', 'salesforceField').options[0].value).toBe('Topics');

    const plain = render();
    expect(byName(plain.shadowRoot, 'lightning-combobox', 'setSource').value).toBe('');
    expect(
      byName(plain.shadowRoot, 'lightning-combobox', 'salesforceField').options.map((o) => o.value),
    ).toEqual(['Email']);
    expect(byName(plain.shadowRoot, 'lightning-input', 'allowedRoles')).toBeUndefined();
  });

  it('asks for the allowed roles and the privileged-roles confirmation of the roles field', async () => {
    const element = render({
      ...ROW,
      wordPressField: 'roles',
      setSource: 'MultiSelectPicklist',
      allowedRoles: 'member_gold',
      allowPrivilegedRoles: false,
      privilegedRoles: '',
    });
    const changes = jest.fn();
    element.addEventListener('rowchange', changes);
    const root = element.shadowRoot;

    expect(byName(root, 'lightning-input', 'allowedRoles').value).toBe('member_gold');
    const confirm = byName(root, 'lightning-input', 'allowPrivilegedRoles');
    expect(confirm.fieldLevelHelp).toContain('manage_options, edit_users, promote_users');
    expect(confirm.fieldLevelHelp).toContain('administrator and editor');
    confirm.checked = true;
    confirm.dispatchEvent(new CustomEvent('change'));
    byName(root, 'lightning-input', 'privilegedRoles').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'shop_manager' } }),
    );
    expect(changes.mock.calls.map((call) => call[0].detail)).toEqual([
      { index: 2, name: 'allowPrivilegedRoles', value: true },
      { index: 2, name: 'privilegedRoles', value: 'shop_manager' },
    ]);
    await expect(element).toBeAccessible();

    const orgToOrg = render({ ...ROW, wordPressField: 'roles' });
    orgToOrg.orgToOrg = true;
    await Promise.resolve();
    expect(byName(orgToOrg.shadowRoot, 'lightning-input', 'allowedRoles')).toBeUndefined();
    expect(byName(orgToOrg.shadowRoot, 'lightning-input', 'wordPressField').label).toBe(
      'Field in the target org',
    );
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
