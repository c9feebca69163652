// Entry of the preview bundle: synthetic shadow first (as on the platform), then the tab.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import WpSyncAdminApp from 'c/wpSyncAdminApp';

const app = createElement('c-wp-sync-admin-app', { is: WpSyncAdminApp });
document.getElementById('root').appendChild(app);
