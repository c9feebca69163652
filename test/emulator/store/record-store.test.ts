import { describe, expect, it } from 'vitest';
import { RecordStore, type RecordChange } from './record-store.js';

const session = {
  userId: '005000000000001AAA',
  orgId: '00D000000000001AAA',
  username: 'u',
  instanceUrl: 'http://x',
};

function change(id: string): RecordChange {
  return { objectName: 'Contact', operation: 'CREATE', after: { Id: id }, session, origin: 'api' };
}

describe('record store transactions', () => {
  it('hands changes to listeners only when the outermost transaction commits', () => {
    const store = new RecordStore();
    const committed: string[][] = [];
    store.onCommit((changes) => committed.push(changes.map((item) => String(item.after?.Id))));
    store.transaction(() => {
      store.put('Contact', { Id: 'a', Email: 'A@x' });
      store.recordChange(change('a'));
      store.transaction(() => {
        store.put('Contact', { Id: 'b', Email: 'b@x' });
        store.recordChange(change('b'));
      });
      expect(committed).toEqual([]);
    });
    expect(committed).toEqual([['a', 'b']]);
  });

  it('rolls back a failed inner transaction without touching the outer one', () => {
    const store = new RecordStore();
    const committed: RecordChange[][] = [];
    store.onCommit((changes) => committed.push(changes));
    store.transaction(() => {
      store.put('Contact', { Id: 'a', Email: 'a@x' });
      store.recordChange(change('a'));
      expect(() =>
        store.transaction(() => {
          store.put('Contact', { Id: 'a', Email: 'changed@x' });
          store.moveToRecycleBin('Contact', 'a', '2026-11-22T00:00:00.000+0000');
          store.recordChange(change('z'));
          throw new Error('fail');
        }),
      ).toThrow('fail');
      expect(store.get('Contact', 'a')).toEqual({ Id: 'a', Email: 'a@x' });
      expect(store.isInRecycleBin('a')).toBe(false);
    });
    expect(committed.map((changes) => changes.length)).toEqual([1]);
  });

  it('keeps value lookups right through writes, deletes and rollbacks', () => {
    const store = new RecordStore();
    store.put('Contact', { Id: 'a', Ext__c: 'One' });
    expect(store.findByValue('Contact', 'Ext__c', 'ONE').map((row) => row.Id)).toEqual(['a']);
    const savepoint = store.begin();
    store.put('Contact', { Id: 'a', Ext__c: 'Two' });
    expect(store.findByValue('Contact', 'Ext__c', 'one')).toEqual([]);
    store.moveToRecycleBin('Contact', 'a', '2026-11-22T00:00:00.000+0000');
    expect(store.findByValue('Contact', 'Ext__c', 'two')).toEqual([]);
    store.abort(savepoint);
    expect(store.findByValue('Contact', 'Ext__c', 'one').map((row) => row.Id)).toEqual(['a']);
    expect(store.findByValue('Contact', 'Ext__c', null)).toEqual([]);
  });
});
