import { LightningElement, api, wire } from 'lwc';
import getSyncLog from '@salesforce/apex/WPSyncAdminController.getSyncLog';
import getMappings from '@salesforce/apex/WPSyncAdminController.getMappings';
import sendCommand from '@salesforce/apex/WPSyncAdminController.sendCommand';

export const PAGE_SIZE = 20;
const STATUS_OPTIONS = ['', 'Success', 'Failed', 'Skipped', 'Conflict'].map((value) => ({
  label: value || 'Any status',
  value,
}));

/**
 * The sync log, newest first: filters by status, mapping and date, paging, links to the log row and the
 * synced record, and Retry on failed rows (a RetryFailed command for that record). Read imperatively:
 * it shows live data and is re-read after every filter change and retry.
 */
export default class WpSyncLog extends LightningElement {
  @api canEdit = false;
  status = '';
  mapping = '';
  fromDate = null;
  toDate = null;
  pageNumber = 1;
  total = 0;
  rows = [];
  error;
  notice;
  loading = false;
  statusOptions = STATUS_OPTIONS;
  mappingOptions = [{ label: 'Any mapping', value: '' }];

  get columns() {
    const columns = [
      {
        label: 'Entry',
        fieldName: 'logUrl',
        type: 'url',
        typeAttributes: { label: { fieldName: 'Name' } },
      },
      {
        label: 'When',
        fieldName: 'CreatedDate',
        type: 'date',
        typeAttributes: {
          year: 'numeric',
          month: 'short',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        },
      },
      { label: 'Status', fieldName: 'Status__c' },
      { label: 'Mapping', fieldName: 'Mapping__c' },
      {
        label: 'Record',
        fieldName: 'recordUrl',
        type: 'url',
        typeAttributes: { label: { fieldName: 'Record_Id__c' } },
      },
      { label: 'WordPress id', fieldName: 'WP_Id__c' },
      { label: 'Message', fieldName: 'Message__c', wrapText: true },
    ];
    if (this.canEdit) {
      columns.push({
        type: 'button',
        initialWidth: 100,
        typeAttributes: {
          label: 'Retry',
          name: 'retry',
          title: 'Retry this record',
          disabled: { fieldName: 'retryDisabled' },
        },
      });
    }
    return columns;
  }

  @wire(getMappings)
  wiredMappings({ data, error }) {
    if (data) {
      this.mappingOptions = [
        { label: 'Any mapping', value: '' },
        ...data.map((mapping) => ({ label: mapping.label, value: mapping.developerName })),
      ];
    } else if (error) {
      this.error = error;
    }
  }

  connectedCallback() {
    this.load();
  }

  async load() {
    this.loading = true;
    try {
      const page = await getSyncLog({
        filter: {
          status: this.status || null,
          mapping: this.mapping || null,
          fromDate: this.fromDate || null,
          toDate: this.toDate || null,
          pageNumber: this.pageNumber,
          pageSize: PAGE_SIZE,
        },
      });
      this.total = page.total;
      this.rows = page.records.map((row) => ({
        ...row,
        logUrl: `/${row.Id}`,
        recordUrl: row.Record_Id__c ? `/${row.Record_Id__c}` : null,
        retryDisabled: row.Status__c !== 'Failed' || !row.Record_Id__c,
      }));
      this.error = undefined;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  get pageCount() {
    return Math.max(1, Math.ceil(this.total / PAGE_SIZE));
  }

  get pageText() {
    return `Page ${this.pageNumber} of ${this.pageCount} · ${this.total} entries`;
  }

  get previousDisabled() {
    return this.pageNumber <= 1;
  }

  get nextDisabled() {
    return this.pageNumber >= this.pageCount;
  }

  get isEmpty() {
    return !this.loading && this.rows.length === 0;
  }

  handleFilterChange(event) {
    this[event.target.name] = event.detail.value || '';
    this.pageNumber = 1;
    this.load();
  }

  handlePrevious() {
    this.pageNumber -= 1;
    this.load();
  }

  handleNext() {
    this.pageNumber += 1;
    this.load();
  }

  handleRefresh() {
    this.load();
  }

  async handleRowAction(event) {
    const row = event.detail.row;
    try {
      await sendCommand({
        command: 'RetryFailed',
        mappingName: row.Mapping__c,
        recordIds: [row.Record_Id__c],
      });
      this.notice = `Retry of ${row.Record_Id__c} sent to the connector.`;
      this.error = undefined;
    } catch (error) {
      this.error = error;
    }
  }
}
