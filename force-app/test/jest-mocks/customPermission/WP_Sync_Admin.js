// @salesforce/customPermission/WP_Sync_Admin: true for a sync admin, undefined otherwise.
// This mock grants it; a test file replaces it with jest.mock(..., () => ({ default: undefined })).
export default true;
