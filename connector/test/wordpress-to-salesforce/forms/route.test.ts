import { describe, expect, it } from 'vitest';
import type { FormSettings } from '../../../src/mapping/types.js';
import {
  foldValues,
  routeByEmail,
  updateValues,
} from '../../../src/wordpress-to-salesforce/forms/route.js';

const SETTINGS: FormSettings = {
  existingContact: 'UpdateContact',
  duplicateRule: 'LinkToMatch',
  fieldPolicy: 'FillBlanks',
};

describe('routing a submission by email', () => {
  const openLead = { Id: '00Q1', Email: 'A@Example.org', IsConverted: false };
  const convertedLead = {
    Id: '00Q2',
    Email: 'b@example.org',
    IsConverted: true,
    ConvertedContactId: '0032',
  };
  const converted = { Id: '0032', Email: 'someone-else@example.org' };
  const contact = { Id: '0033', Email: 'c@example.org' };
  const existing = { leads: [convertedLead, openLead], contacts: [converted, contact] };

  it('updates an open Lead, the Contact of a converted Lead, and a Contact by the form setting', () => {
    expect(routeByEmail('a@example.org', existing, SETTINGS)).toMatchObject({
      action: 'update',
      object: 'Lead',
      record: { Id: '00Q1' },
    });
    expect(routeByEmail('b@example.org', existing, SETTINGS)).toMatchObject({
      object: 'Contact',
      record: { Id: '0032' },
      why: 'converted Lead',
    });
    expect(routeByEmail('c@example.org', existing, SETTINGS)).toMatchObject({
      object: 'Contact',
      record: { Id: '0033' },
    });
    expect(
      routeByEmail('c@example.org', existing, { ...SETTINGS, existingContact: 'CreateLead' }),
    ).toEqual({ action: 'create' });
    expect(routeByEmail('new@example.org', existing, SETTINGS)).toEqual({ action: 'create' });
    expect(routeByEmail(undefined, existing, SETTINGS)).toEqual({ action: 'create' });
  });

  it('prefers an open Lead over a converted one with the same email', () => {
    const both = {
      leads: [{ ...convertedLead, Email: 'a@example.org' }, openLead],
      contacts: [converted],
    };
    expect(routeByEmail('a@example.org', both, SETTINGS)).toMatchObject({ record: { Id: '00Q1' } });
  });
});

describe('the field policy', () => {
  const values = { FirstName: 'Ada', Phone: '555', Company: 'Engines', Title: null };
  const current = { FirstName: 'Augusta', Phone: '', Company: null };

  it('fills blanks only, or overwrites, and never writes a blank or a field the object lacks', () => {
    const writable = (field: string) => field !== 'Company';
    expect(updateValues(values, current, SETTINGS, writable)).toEqual({ Phone: '555' });
    expect(
      updateValues(values, current, { ...SETTINGS, fieldPolicy: 'Overwrite' }, writable),
    ).toEqual({ FirstName: 'Ada', Phone: '555' });
  });

  it('folds several submissions of one email oldest first', () => {
    const first = { FirstName: 'Ada', Phone: null };
    const second = { FirstName: 'Augusta', Phone: '555' };
    expect(foldValues([first, second], SETTINGS)).toEqual({ FirstName: 'Ada', Phone: '555' });
    expect(foldValues([first, second], { ...SETTINGS, fieldPolicy: 'Overwrite' })).toEqual({
      FirstName: 'Augusta',
      Phone: '555',
    });
  });
});
