/** The sfwp version from package.json. */
export { CONNECTOR_VERSION as SFWP_VERSION } from '../app/version.js';
