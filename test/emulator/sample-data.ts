/** A few sample Accounts and Contacts for `npm run emulator`, seeded as the integration user. */
import type { EmulatedOrg } from './org.js';

const ACCOUNTS = [
  {
    Name: 'Analytical Engines Ltd',
    Website: 'https://engines.example',
    BillingCity: 'London',
    BillingCountry: 'United Kingdom',
  },
  {
    Name: 'Compiler Works',
    Website: 'https://compilers.example',
    BillingCity: 'Arlington',
    BillingCountry: 'United States',
  },
];

const CONTACTS = [
  { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@engines.example', account: 0 },
  { FirstName: 'Charles', LastName: 'Babbage', Email: 'charles@engines.example', account: 0 },
  { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@compilers.example', account: 1 },
];

export function seedSampleData(
  org: EmulatedOrg,
  username: string,
): { accounts: string[]; contacts: string[] } {
  const accounts = ACCOUNTS.map((values) => org.insert('Account', values, username));
  const contacts = CONTACTS.map(({ account, ...values }) =>
    org.insert('Contact', { ...values, AccountId: accounts[account] }, username),
  );
  return { accounts, contacts };
}
