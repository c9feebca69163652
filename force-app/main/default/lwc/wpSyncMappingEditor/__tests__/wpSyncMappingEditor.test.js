import { createElement } from 'lwc';
import WpSyncMappingEditor from 'c/wpSyncMappingEditor';
import getMappableObjects from '@salesforce/apex/WPSyncAdminController.getMappableObjects';
import getObjectFields from '@salesforce/apex/WPSyncAdminController.getObjectFields';
import validateMapping from '@salesforce/apex/WPSyncAdminController.validateMapping';
import saveMapping from '@salesforce/apex/WPSyncAdminController.saveMapping';
import getConnectorHealth from '@salesforce/apex/WPSyncAdminController.getConnectorHealth';

const MAPPINGS = require('./data/getMappings.json');
const FIELDS = require('./data/getObjectFields.json');

jest.mock(
  '@salesforce/apex/WPSyncAdminController.getMappableObjects',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getObjectFields',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminController.validateMapping',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock('@salesforce/apex/WPSyncAdminController.saveMapping', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getConnectorHealth',
  () => ({ default: jest.fn(() => Promise.resolve([])) }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getDeploymentStatus',
  () => ({ default: jest.fn(() => new Promise(() => {})) }),
  { virtual: true },
);

// eslint-disable-next-line @lwc/lwc/no-async-operation -- jest: one macrotask lets pending promises and re-renders settle
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

async function render(mapping = MAPPINGS[1], canEdit = true) {
  const element = createElement('c-wp-sync-mapping-editor', { is: WpSyncMappingEditor });
  element.canEdit = canEdit;
  element.mapping = mapping;
  document.body.appendChild(element);
  getMappableObjects.emit([
    { value: 'Contact', label: 'Contact' },
    { value: 'Account', label: 'Account' },
  ]);
  getObjectFields.emit(FIELDS);
  await flushPromises();
  return element;
}

function rows(element) {
  return [...element.shadowRoot.querySelectorAll('c-wp-sync-field-mapping-row')];
}

function buttonByLabel(element, label) {
  return [...element.shadowRoot.querySelectorAll('lightning-button')].find(
    (b) => b.label === label,
  );
}

function byName(root, tag, name) {
  return [...root.querySelectorAll(tag)].find((candidate) => candidate.name === name);
}

describe('c-wp-sync-mapping-editor', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('loads an existing mapping with describe-driven choices', async () => {
    const element = await render();

    expect(element.shadowRoot.querySelector('lightning-card').title).toBe(
      'Edit mapping Contact to user',
    );
    expect(getObjectFields.getLastConfig()).toEqual({ objectName: 'Contact' });
    const [row] = rows(element);
    expect(rows(element)).toHaveLength(1);
    expect(row.row.salesforceField).toBe('Email');
    expect(row.row.transform).toBe('None');
    expect(row.fieldOptions.map((o) => o.value)).toEqual(['Email', 'Title', 'WP_Id__c']);
    const externalId = byName(element.shadowRoot, 'lightning-combobox', 'externalIdField');
    expect(externalId.options).toEqual([{ label: 'WordPress Id (WP_Id__c)', value: 'WP_Id__c' }]);
    const apiName = byName(element.shadowRoot, 'lightning-input', 'developerName');
    expect(apiName.disabled).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('shows every validation issue and saves nothing while there are issues', async () => {
    validateMapping.mockResolvedValue([
      {
        row: 1,
        field: 'wordPressField',
        message: 'Field mapping 2: WordPress user has no field "colour".',
      },
    ]);
    const element = await render();

    buttonByLabel(element, 'Add field mapping').click();
    await flushPromises();
    const added = rows(element)[1];
    expect(added.row.isNew).toBe(true);
    expect(added.row.direction).toBe('Bidirectional');
    added.dispatchEvent(
      new CustomEvent('rowchange', {
        detail: { index: 1, name: 'salesforceField', value: 'Title' },
      }),
    );
    added.dispatchEvent(
      new CustomEvent('rowchange', {
        detail: { index: 1, name: 'wordPressField', value: 'colour' },
      }),
    );
    await flushPromises();
    buttonByLabel(element, 'Save').click();
    await flushPromises();

    const sent = validateMapping.mock.calls[0][0].mapping;
    expect(sent.developerName).toBe('Contact_User');
    expect(sent.fields).toEqual([
      {
        developerName: 'Contact_User_Email',
        salesforceField: 'Email',
        wordPressField: 'email',
        direction: 'Bidirectional',
        transform: 'None',
        required: true,
        setSource: null,
        allowedRoles: null,
        allowPrivilegedRoles: false,
        privilegedRoles: null,
      },
      {
        developerName: null,
        salesforceField: 'Title',
        wordPressField: 'colour',
        direction: 'Bidirectional',
        transform: 'None',
        required: false,
        setSource: null,
        allowedRoles: null,
        allowPrivilegedRoles: false,
        privilegedRoles: null,
      },
    ]);
    const issues = [...element.shadowRoot.querySelectorAll('.issue')].map((li) => li.textContent);
    expect(issues).toEqual(['Field mapping 2: WordPress user has no field "colour".']);
    expect(saveMapping).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();

    rows(element)[1].dispatchEvent(new CustomEvent('rowremove', { detail: { index: 1 } }));
    await flushPromises();
    expect(rows(element)).toHaveLength(1);
    expect(element.shadowRoot.querySelector('.issue')).toBeNull();
  });

  it('keeps the post status of a mapping and sends the one chosen', async () => {
    validateMapping.mockResolvedValue([]);
    saveMapping.mockResolvedValue('0Af000000000001AAA');
    const publishing = {
      ...MAPPINGS[0],
      definition: { ...MAPPINGS[0].definition, WP_Post_Status__c: 'publish' },
    };
    const element = await render(publishing);

    const postStatus = byName(element.shadowRoot, 'lightning-combobox', 'postStatus');
    expect(postStatus.value).toBe('publish');
    expect(postStatus.options.map((option) => option.value)).toEqual([
      '',
      'publish',
      'draft',
      'pending',
      'private',
    ]);
    buttonByLabel(element, 'Save').click();
    await flushPromises();
    expect(saveMapping.mock.calls[0][0].mapping.postStatus).toBe('publish');

    const blank = await render(MAPPINGS[1]);
    const blankStatus = byName(blank.shadowRoot, 'lightning-combobox', 'postStatus');
    expect(blankStatus.value).toBe('');
    blankStatus.dispatchEvent(new CustomEvent('change', { detail: { value: 'pending' } }));
    buttonByLabel(blank, 'Save').click();
    await flushPromises();
    expect(saveMapping.mock.calls[1][0].mapping.postStatus).toBe('pending');
  });

  it('shows form settings only for a form submission mapping, and sends them with every save', async () => {
    validateMapping.mockResolvedValue([]);
    saveMapping.mockResolvedValue('0Af000000000001AAA');
    const userMapping = await render(MAPPINGS[1]);
    expect(byName(userMapping.shadowRoot, 'lightning-input', 'formId')).toBeUndefined();

    const formMapping = {
      ...MAPPINGS[1],
      developerName: 'Lead_Form_Submission',
      definition: {
        ...MAPPINGS[1].definition,
        Salesforce_Object__c: 'Lead',
        WordPress_Type__c: 'form_submission',
        WordPress_Form_Id__c: '12',
        Existing_Contact_Action__c: 'CreateLead',
        Lead_Source__c: 'Web',
      },
    };
    const element = await render(formMapping);
    expect(byName(element.shadowRoot, 'lightning-input', 'formId').value).toBe('12');
    const policy = byName(element.shadowRoot, 'lightning-combobox', 'fieldPolicy');
    expect(policy.value).toBe('FillBlanks');
    expect(policy.options.map((option) => option.value)).toEqual(['FillBlanks', 'Overwrite']);
    policy.dispatchEvent(new CustomEvent('change', { detail: { value: 'Overwrite' } }));
    buttonByLabel(element, 'Save').click();
    await flushPromises();
    expect(saveMapping.mock.calls[0][0].mapping).toMatchObject({
      wordPressType: 'form_submission',
    });
    expect(saveMapping.mock.calls[0][0].mapping.formSettings).toEqual({
      formId: '12',
      existingContactAction: 'CreateLead',
      duplicateRuleAction: 'LinkToMatch',
      fieldPolicy: 'Overwrite',
      campaignId: '',
      leadSource: 'Web',
    });
  });

  describe('the form picker from the connector heartbeat', () => {
    const FORM_MAPPING = {
      ...MAPPINGS[1],
      developerName: 'Lead_Form_Submission',
      definition: {
        ...MAPPINGS[1].definition,
        Salesforce_Object__c: 'Lead',
        WordPress_Type__c: 'form_submission',
        WordPress_Form_Id__c: '',
      },
      fields: [],
    };
    const heartbeat = (at, forms) => ({
      Id: 'a00000000000001AAA',
      Last_Heartbeat__c: at,
      Status__c: JSON.stringify({ state: 'running', ...(forms && { forms }) }),
    });
    const CONTACT_US = {
      id: 7,
      title: 'Contact us',
      fields: [
        { name: 'email', label: 'Email', type: 'email' },
        { name: 'first_name', label: 'First name', type: 'text' },
      ],
    };

    it('offers the forms of the newest heartbeat listing them, and the chosen form’s fields', async () => {
      getConnectorHealth.mockResolvedValue([
        heartbeat('2026-12-06T10:00:00.000Z', [{ id: 3, title: 'Old form', fields: [] }]),
        heartbeat('2026-12-06T11:00:00.000Z', [CONTACT_US]),
        heartbeat('2026-12-06T12:00:00.000Z', undefined),
        {
          Id: 'a00000000000004AAA',
          Last_Heartbeat__c: '2026-12-06T13:00:00.000Z',
          Status__c: '{oops',
        },
      ]);
      validateMapping.mockResolvedValue([]);
      saveMapping.mockResolvedValue('0Af000000000001AAA');
      const element = await render(FORM_MAPPING);

      expect(byName(element.shadowRoot, 'lightning-input', 'formId')).toBeUndefined();
      const picker = byName(element.shadowRoot, 'lightning-combobox', 'formId');
      expect(picker.label).toBe('WordPress form');
      expect(picker.options).toEqual([
        { label: 'Any form no other mapping names', value: '' },
        { label: 'Contact us (id 7)', value: '7' },
      ]);
      picker.dispatchEvent(new CustomEvent('change', { detail: { value: '7' } }));
      buttonByLabel(element, 'Add field mapping').click();
      await flushPromises();
      const [row] = rows(element);
      expect(row.wordPressFieldOptions.slice(0, 3)).toEqual([
        { label: 'Email (fields.email)', value: 'fields.email' },
        { label: 'First name (fields.first_name)', value: 'fields.first_name' },
        { label: 'Page URL (page_url)', value: 'page_url' },
      ]);
      row.dispatchEvent(
        new CustomEvent('rowchange', {
          detail: { index: 0, name: 'wordPressField', value: 'fields.email' },
        }),
      );
      row.dispatchEvent(
        new CustomEvent('rowchange', {
          detail: { index: 0, name: 'salesforceField', value: 'Email' },
        }),
      );
      buttonByLabel(element, 'Save').click();
      await flushPromises();
      const sent = saveMapping.mock.calls[0][0].mapping;
      expect(sent.formSettings.formId).toBe('7');
      expect(sent.fields).toEqual([
        expect.objectContaining({ salesforceField: 'Email', wordPressField: 'fields.email' }),
      ]);
      await expect(element).toBeAccessible();
    });

    it('keeps a mapped form the heartbeat no longer lists', async () => {
      getConnectorHealth.mockResolvedValue([heartbeat('2026-12-06T11:00:00.000Z', [CONTACT_US])]);
      const element = await render({
        ...FORM_MAPPING,
        definition: { ...FORM_MAPPING.definition, WordPress_Form_Id__c: '12' },
      });
      const picker = byName(element.shadowRoot, 'lightning-combobox', 'formId');
      expect(picker.value).toBe('12');
      expect(picker.options.at(-1)).toEqual({
        label: 'Form id 12 (not published now)',
        value: '12',
      });
    });

    it('falls back to typing the id, with a hint, without a heartbeat listing forms', async () => {
      getConnectorHealth.mockResolvedValue([heartbeat('2026-12-06T11:00:00.000Z', undefined)]);
      const element = await render(FORM_MAPPING);
      expect(byName(element.shadowRoot, 'lightning-input', 'formId').label).toBe(
        'WordPress form id',
      );
      expect(element.shadowRoot.querySelector('.form-id-hint').textContent).toContain(
        'No connector heartbeat lists the site',
      );
      buttonByLabel(element, 'Add field mapping').click();
      await flushPromises();
      expect(rows(element)[0].wordPressFieldOptions).toEqual([]);

      getConnectorHealth.mockRejectedValue(new Error('no access'));
      const failed = await render(FORM_MAPPING);
      expect(byName(failed.shadowRoot, 'lightning-input', 'formId')).toBeDefined();
    });
  });

  describe('sets of tags and roles, and org to org mappings', () => {
    const MEMBER_LEVEL = {
      ...MAPPINGS[1],
      developerName: 'Member_Level',
      fields: [
        {
          DeveloperName: 'Member_Level_Tags',
          Salesforce_Field__c: 'WP_Member_Level__c',
          WordPress_Field__c: 'meta.sfwp_tags',
          Direction__c: 'Bidirectional',
          Transform__c: 'None',
          Set_Source__c: 'MultiSelectPicklist',
        },
        {
          DeveloperName: 'Member_Level_Roles',
          Salesforce_Field__c: 'WP_Member_Level__c',
          WordPress_Field__c: 'roles',
          Direction__c: 'SalesforceToWordPress',
          Set_Source__c: 'MultiSelectPicklist',
          Allowed_Roles__c: 'member_gold,administrator',
          Allow_Privileged_Roles__c: true,
        },
      ],
    };

    it('loads the set settings of each field mapping and sends them back with a save', async () => {
      validateMapping.mockResolvedValue([]);
      saveMapping.mockResolvedValue('0Af000000000001AAA');
      const element = await render(MEMBER_LEVEL);

      const [tags, roles] = rows(element);
      expect(tags.row).toMatchObject({ setSource: 'MultiSelectPicklist', allowedRoles: '' });
      expect(roles.row).toMatchObject({
        allowedRoles: 'member_gold,administrator',
        allowPrivilegedRoles: true,
        privilegedRoles: '',
      });
      roles.dispatchEvent(
        new CustomEvent('rowchange', {
          detail: { index: 1, name: 'privilegedRoles', value: 'shop_manager' },
        }),
      );
      buttonByLabel(element, 'Save').click();
      await flushPromises();

      const sent = saveMapping.mock.calls[0][0].mapping.fields;
      expect(sent[0]).toMatchObject({
        setSource: 'MultiSelectPicklist',
        allowedRoles: null,
        allowPrivilegedRoles: false,
      });
      expect(sent[1]).toMatchObject({
        wordPressField: 'roles',
        setSource: 'MultiSelectPicklist',
        allowedRoles: 'member_gold,administrator',
        allowPrivilegedRoles: true,
        privilegedRoles: 'shop_manager',
      });
      await expect(element).toBeAccessible();
    });

    it('asks for a target org and, once it is set, no WordPress type', async () => {
      validateMapping.mockResolvedValue([]);
      saveMapping.mockResolvedValue('0Af000000000001AAA');
      const element = await render(MAPPINGS[1]);
      const targetOrg = byName(element.shadowRoot, 'lightning-input', 'targetOrg');
      expect(targetOrg.value).toBe('');
      expect(targetOrg.fieldLevelHelp).toContain("the connector's configuration");
      expect(byName(element.shadowRoot, 'lightning-input', 'wordPressType')).toBeDefined();

      targetOrg.dispatchEvent(new CustomEvent('change', { detail: { value: ' service ' } }));
      await flushPromises();
      expect(byName(element.shadowRoot, 'lightning-input', 'wordPressType')).toBeUndefined();
      expect(byName(element.shadowRoot, 'lightning-combobox', 'postStatus')).toBeUndefined();
      expect(rows(element)[0].orgToOrg).toBe(true);
      buttonByLabel(element, 'Save').click();
      await flushPromises();

      expect(saveMapping.mock.calls[0][0].mapping).toMatchObject({
        targetOrg: 'service',
        wordPressType: null,
      });
      await expect(element).toBeAccessible();
    });

    it('opens a saved org to org mapping with its target org and sends no WordPress type', async () => {
      validateMapping.mockResolvedValue([]);
      saveMapping.mockResolvedValue('0Af000000000001AAA');
      const element = await render({
        ...MAPPINGS[1],
        definition: { ...MAPPINGS[1].definition, WordPress_Type__c: null, Target_Org__c: 'sales' },
      });
      expect(byName(element.shadowRoot, 'lightning-input', 'targetOrg').value).toBe('sales');
      buttonByLabel(element, 'Save').click();
      await flushPromises();
      expect(saveMapping.mock.calls[0][0].mapping).toMatchObject({
        targetOrg: 'sales',
        wordPressType: null,
      });
    });
  });

  it('deploys a valid mapping, follows the deployment and announces success', async () => {
    validateMapping.mockResolvedValue([]);
    saveMapping.mockResolvedValue('0Af000000000001AAA');
    const element = await render();
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    buttonByLabel(element, 'Save').click();
    await flushPromises();

    expect(saveMapping).toHaveBeenCalledWith({ mapping: validateMapping.mock.calls[0][0].mapping });
    const status = element.shadowRoot.querySelector('c-wp-sync-deployment-status');
    expect(status.jobId).toBe('0Af000000000001AAA');
    expect(buttonByLabel(element, 'Save').disabled).toBe(true);

    status.dispatchEvent(new CustomEvent('finished', { detail: { state: 'Failed' } }));
    expect(saved).not.toHaveBeenCalled();
    status.dispatchEvent(new CustomEvent('finished', { detail: { state: 'Succeeded' } }));
    expect(saved.mock.calls[0][0].detail).toEqual({ developerName: 'Contact_User' });

    buttonByLabel(element, 'Make more changes').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-deployment-status')).toBeNull();
  });

  it('starts a new mapping with defaults and edits its object mapping fields', async () => {
    validateMapping.mockResolvedValue([]);
    saveMapping.mockRejectedValue({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
    const element = await render(null);
    expect(element.shadowRoot.querySelector('lightning-card').title).toBe('New mapping');

    const name = byName(element.shadowRoot, 'lightning-input', 'developerName');
    expect(name.disabled).toBe(false);
    name.dispatchEvent(new CustomEvent('change', { detail: { value: 'Lead_Subscriber' } }));
    const objectBox = byName(element.shadowRoot, 'lightning-combobox', 'salesforceObject');
    objectBox.dispatchEvent(new CustomEvent('change', { detail: { value: 'Account' } }));
    const active = byName(element.shadowRoot, 'lightning-input', 'active');
    active.checked = false;
    active.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect(getObjectFields.getLastConfig()).toEqual({ objectName: 'Account' });

    buttonByLabel(element, 'Save').click();
    await flushPromises();

    const sent = validateMapping.mock.calls[0][0].mapping;
    expect(sent).toMatchObject({
      developerName: 'Lead_Subscriber',
      label: 'Lead_Subscriber',
      salesforceObject: 'Account',
      active: false,
      wordPressType: 'user',
      targetOrg: null,
      fields: [],
    });
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toEqual({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
  });

  it('is read-only without WP_Sync_Admin and closes on request', async () => {
    const element = await render(MAPPINGS[0], false);
    const closed = jest.fn();
    element.addEventListener('close', closed);

    expect(buttonByLabel(element, 'Save').disabled).toBe(true);
    expect(buttonByLabel(element, 'Add field mapping').disabled).toBe(true);
    expect(rows(element)[0].readOnly).toBe(true);
    buttonByLabel(element, 'Back to mappings').click();
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('shows describe errors', async () => {
    const element = createElement('c-wp-sync-mapping-editor', { is: WpSyncMappingEditor });
    document.body.appendChild(element);
    getObjectFields.error({ message: 'no describe' });
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toBeDefined();
    getMappableObjects.error({ message: 'no objects' });
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toBeDefined();
  });
});
