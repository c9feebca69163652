// `@salesforce/apex` in the preview.
export { refreshApex } from './wire.js';
