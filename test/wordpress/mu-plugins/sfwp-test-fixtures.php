<?php
/**
 * Plugin Name: sfwp test fixtures
 * Description: Registers what the integration tests exercise on a bare WordPress: a post meta
 * field exposed to REST and the `organization` post type the default Account mapping targets.
 */

add_action(
	'init',
	static function () {
		// Text meta in REST, editable by whoever may edit posts.
		$sfwp_text_meta = array(
			'type'          => 'string',
			'single'        => true,
			'show_in_rest'  => true,
			'auth_callback' => static function () {
				return current_user_can( 'edit_posts' );
			},
		);
		register_post_meta( 'post', 'sfwp_test_note', $sfwp_text_meta );
		// Meta keys of the package's default Account → organization mapping.
		foreach ( array( 'website', 'billing_city', 'billing_country' ) as $sfwp_key ) {
			register_post_meta( 'organization', $sfwp_key, $sfwp_text_meta );
		}
		register_post_type(
			'organization',
			array(
				'label'        => 'Organizations',
				'public'       => true,
				'show_in_rest' => true,
				'rest_base'    => 'organizations',
				'supports'     => array( 'title', 'editor', 'custom-fields' ),
			)
		);
	}
);
