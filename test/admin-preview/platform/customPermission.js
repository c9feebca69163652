// `@salesforce/customPermission/WP_Sync_Admin` in the preview: the emulator's admin user holds it.
export default true;
