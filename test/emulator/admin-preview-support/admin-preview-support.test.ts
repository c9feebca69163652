import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import type { BusEvent } from '../contracts.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { MetadataDeployments } from './metadata-deployments.js';
import { streamEvents } from './event-stream.js';

let emulator: RunningEmulator;
let deployments: MetadataDeployments;

beforeEach(async () => {
  emulator = await startEmulator({ pubSub: false });
  deployments = new MetadataDeployments({
    org: emulator.org,
    username: emulator.credentials.admin.username,
    applyDelayMs: 0,
  });
});

afterEach(async () => {
  deployments.close();
  await emulator.stop();
});

function finished(id: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (deployments.outcome(id)?.status !== 'InProgress') resolve();
      else setImmediate(check);
    };
    check();
  });
}

function commands(): BusEvent[] {
  return emulator.bus.read('/event/WP_Sync_Command__e', undefined, 100);
}

describe('MetadataDeployments', () => {
  it('upserts custom metadata records, logs the outcome and asks for a reload', async () => {
    const id = deployments.enqueue(
      [
        {
          fullName: 'WP_Field_Mapping.Contact_User_Title',
          label: 'Contact_User_Title',
          values: {
            Object_Mapping__c: 'Contact_User',
            Salesforce_Field__c: 'Title',
            WordPress_Field__c: 'meta.job_title',
            Direction__c: 'SalesforceToWordPress',
            Transform__c: 'None',
            Required__c: false,
          },
        },
        {
          fullName: 'WP_Object_Mapping.Contact_User',
          label: 'Contact users',
          values: { Active__c: false },
        },
      ],
      'Contact_User',
    );
    expect(deployments.outcome(id)?.status).toBe('InProgress');
    await finished(id);

    expect(deployments.outcome(id)).toEqual({ id, status: 'Succeeded', problems: [] });
    const field = emulator.org.query(
      'SELECT WordPress_Field__c, Object_Mapping__r.DeveloperName FROM WP_Field_Mapping__mdt ' +
        "WHERE DeveloperName = 'Contact_User_Title'",
    );
    expect(field.records).toHaveLength(1);
    expect(field.records[0]?.WordPress_Field__c).toBe('meta.job_title');
    const parent = emulator.org.query(
      "SELECT Label, Active__c, Salesforce_Object__c FROM WP_Object_Mapping__mdt WHERE DeveloperName = 'Contact_User'",
    );
    expect(parent.records[0]).toMatchObject({
      Label: 'Contact users',
      Active__c: false,
      Salesforce_Object__c: 'Contact',
    });
    const log = emulator.org.query(
      `SELECT Status__c, Mapping__c, Direction__c FROM WP_Sync_Log__c WHERE Source_Event__c = 'deploy:${id.slice(0, 15)}'`,
    );
    expect(log.records[0]).toMatchObject({
      Status__c: 'Success',
      Mapping__c: 'Contact_User',
      Direction__c: 'MetadataDeploy',
    });
    expect(commands().map((event) => event.payload.Command__c)).toEqual(['ReloadMappings']);
  });

  it('fails a deployment naming an unknown field and changes nothing', async () => {
    const id = deployments.enqueue(
      [
        {
          fullName: 'WP_Field_Mapping.Contact_User_Bogus',
          label: 'Bogus',
          values: { Object_Mapping__c: 'Contact_User', Not_A_Field__c: 'x' },
        },
      ],
      'Contact_User',
    );
    await finished(id);

    expect(deployments.outcome(id)?.status).toBe('Failed');
    expect(deployments.outcome(id)?.problems).toEqual([
      'WP_Field_Mapping.Contact_User_Bogus: no field Not_A_Field__c on WP_Field_Mapping__mdt',
    ]);
    const bogus = emulator.org.query(
      "SELECT Id FROM WP_Field_Mapping__mdt WHERE DeveloperName = 'Contact_User_Bogus'",
    );
    expect(bogus.totalSize).toBe(0);
    const log = emulator.org.query(
      `SELECT Status__c, Message__c FROM WP_Sync_Log__c WHERE Source_Event__c = 'deploy:${id.slice(0, 15)}'`,
    );
    expect(log.records[0]?.Status__c).toBe('Failed');
    expect(String(log.records[0]?.Message__c)).toContain('no field Not_A_Field__c');
    expect(commands()).toEqual([]);
  });
});

describe('streamEvents', () => {
  it('streams new events of one channel in the shape empApi delivers', () => {
    const written: string[] = [];
    const response = Object.assign(new EventEmitter(), {
      writeHead: () => response,
      write: (chunk: string) => written.push(chunk),
    });
    const admin = emulator.org.sessionOf(emulator.org.user(emulator.credentials.admin.username));
    emulator.org.events.publish('WP_Sync_Command__e', { Command__c: 'Pause' }, admin);

    streamEvents(
      emulator.bus,
      '/event/WP_Sync_Result__e',
      -1,
      response as unknown as ServerResponse,
    );
    emulator.org.events.publish('WP_Sync_Command__e', { Command__c: 'Resume' }, admin);
    emulator.org.events.publish(
      'WP_Sync_Result__e',
      { Status__c: 'Heartbeat', Message__c: '{"state":"running"}' },
      admin,
    );
    response.emit('close');
    emulator.org.events.publish(
      'WP_Sync_Result__e',
      { Status__c: 'Heartbeat', Message__c: 'after close' },
      admin,
    );

    const messages = written
      .filter((chunk) => chunk.startsWith('data: '))
      .map(
        (chunk) =>
          JSON.parse(chunk.slice('data: '.length)) as {
            channel: string;
            data: { payload: Record<string, unknown>; event: { replayId: string } };
          },
      );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.channel).toBe('/event/WP_Sync_Result__e');
    expect(messages[0]?.data.payload.Message__c).toBe('{"state":"running"}');
    expect(messages[0]?.data.event.replayId).toMatch(/^\d+$/);
  });
});
