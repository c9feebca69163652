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
 * it shows live data and is re-read after every filter change and retry. Paging is by keyset (the
 * last row of the page before), not OFFSET, which Salesforce stops at 2,000 rows.
 */
export default class WpSyncLog extends LightningElement {
  @api canEdit = false;
  status = '';
  mapping = '';
  fromDate = null;
  toDate = null;
  /** Where each page visited so far starts: null for the first, then the last row of the one before. */
  cursors = [null];
  total = 0;
  totalCapped = false;
  hasMore = false;
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
          beforeCreatedDate: this.cursor?.createdDate ?? null,
          beforeId: this.cursor?.id ?? null,
        },
      });
      this.total = page.total;
      this.totalCapped = page.totalCapped === true;
      this.hasMore = page.hasMore === true;
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

  get pageNumber() {
    return this.cursors.length;
  }

  get cursor() {
    return this.cursors[this.cursors.length - 1];
  }

  get pageCount() {
    return Math.max(1, Math.ceil(this.total / PAGE_SIZE));
  }

  get pageText() {
    if (this.totalCapped) return `Page ${this.pageNumber} · more than ${this.total} entries`;
    return `Page ${this.pageNumber} of ${this.pageCount} · ${this.total} entries`;
  }

  get previousDisabled() {
    return this.pageNumber <= 1;
  }

  get nextDisabled() {
    return !this.hasMore || this.rows.length === 0;
  }

  get isEmpty() {
    return !this.loading && this.rows.length === 0;
  }

  handleFilterChange(event) {
    this[event.target.name] = event.detail.value || '';
    this.cursors = [null];
    this.load();
  }

  handlePrevious() {
    this.cursors = this.cursors.slice(0, -1);
    this.load();
  }

  handleNext() {
    const last = this.rows[this.rows.length - 1];
    this.cursors = [...this.cursors, { createdDate: last.CreatedDate, id: last.Id }];
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
