<?php
/**
 * Loads the forms feature's classes.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

require_once __DIR__ . '/class-sfwp-form-definition.php';
require_once __DIR__ . '/class-sfwp-form-post-type.php';
require_once __DIR__ . '/class-sfwp-form-submission-store.php';
require_once __DIR__ . '/class-sfwp-form-validator.php';
require_once __DIR__ . '/class-sfwp-form-guard.php';
require_once __DIR__ . '/class-sfwp-form-intake.php';
require_once __DIR__ . '/class-sfwp-rest-form-intake-controller.php';
require_once __DIR__ . '/class-sfwp-rest-form-submissions-controller.php';
require_once __DIR__ . '/class-sfwp-form-renderer.php';
require_once __DIR__ . '/class-sfwp-form-block.php';
require_once __DIR__ . '/class-sfwp-forms.php';
