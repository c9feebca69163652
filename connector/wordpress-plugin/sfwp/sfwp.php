<?php
/**
 * Plugin Name:       sfwp — Salesforce sync companion
 * Description:       Durable change feed, signed change webhooks and settings routes for the sfwp Salesforce ⇄ WordPress connector.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            sfwp contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       sfwp
 * Network:           false
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

require_once __DIR__ . '/includes/class-sfwp-time.php';
require_once __DIR__ . '/includes/class-sfwp-settings.php';
require_once __DIR__ . '/includes/class-sfwp-schema.php';
require_once __DIR__ . '/includes/class-sfwp-capabilities.php';
require_once __DIR__ . '/includes/class-sfwp-change-store.php';
require_once __DIR__ . '/includes/class-sfwp-change-feed.php';
require_once __DIR__ . '/includes/class-sfwp-origin.php';
require_once __DIR__ . '/includes/class-sfwp-change-recorder.php';
require_once __DIR__ . '/includes/class-sfwp-user-watcher.php';
require_once __DIR__ . '/includes/class-sfwp-post-watcher.php';
require_once __DIR__ . '/includes/class-sfwp-webhook.php';
require_once __DIR__ . '/includes/class-sfwp-connector-client.php';
require_once __DIR__ . '/includes/class-sfwp-pruner.php';
require_once __DIR__ . '/includes/class-sfwp-meta-registrar.php';
require_once __DIR__ . '/includes/class-sfwp-user-fields.php';
require_once __DIR__ . '/includes/class-sfwp-write-precondition.php';
require_once __DIR__ . '/includes/class-sfwp-write-filter.php';
require_once __DIR__ . '/includes/class-sfwp-role-change-log.php';
require_once __DIR__ . '/includes/class-sfwp-role-guard.php';
require_once __DIR__ . '/includes/class-sfwp-rest-controller.php';
require_once __DIR__ . '/includes/class-sfwp-rest-changes-controller.php';
require_once __DIR__ . '/includes/class-sfwp-rest-status-controller.php';
require_once __DIR__ . '/includes/class-sfwp-bulk-identity-locks.php';
require_once __DIR__ . '/includes/class-sfwp-bulk-session.php';
require_once __DIR__ . '/includes/class-sfwp-rest-settings-controller.php';
require_once __DIR__ . '/includes/class-sfwp-rest-bulk-controller.php';
require_once __DIR__ . '/includes/class-sfwp-rest-lookup-controller.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-definition.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-post-type.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-catalog.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-submission-store.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-validator.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-guard.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-intake.php';
require_once __DIR__ . '/includes/forms/class-sfwp-rest-form-intake-controller.php';
require_once __DIR__ . '/includes/forms/class-sfwp-rest-form-submissions-controller.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-renderer.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-block.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-adapters.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-submissions-screen.php';
require_once __DIR__ . '/includes/forms/class-sfwp-rest-forms-controller.php';
require_once __DIR__ . '/includes/forms/class-sfwp-forms.php';
require_once __DIR__ . '/includes/admin/class-sfwp-rest-heartbeat-controller.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-connector-view.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-sync-actions.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-settings-form.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-status-page.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-results-view.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-role-changes-view.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-log-page.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-object-panel.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-list-tables.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin-status-filter.php';
require_once __DIR__ . '/includes/admin/class-sfwp-admin.php';
require_once __DIR__ . '/includes/content-access/class-sfwp-content-access.php';
require_once __DIR__ . '/includes/content-access/class-sfwp-content-access-filters.php';
require_once __DIR__ . '/includes/content-access/class-sfwp-access-meta-box.php';
require_once __DIR__ . '/includes/content-access/class-sfwp-members-only-block.php';
require_once __DIR__ . '/includes/developer-api/class-sfwp-developer-api.php';
require_once __DIR__ . '/includes/developer-api/class-sfwp-records-block.php';
require_once __DIR__ . '/includes/developer-api/functions.php';
require_once __DIR__ . '/includes/class-sfwp-plugin.php';

register_activation_hook( __FILE__, array( 'SFWP_Plugin', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'SFWP_Plugin', 'deactivate' ) );

SFWP_Plugin::instance()->boot();
