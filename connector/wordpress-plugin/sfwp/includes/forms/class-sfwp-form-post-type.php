<?php
/**
 * The `sfwp_form` post type and its definition box in wp-admin.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Forms are posts of a non-public type (title = form name, id = form id) managed by
 * administrators; the definition is JSON in post meta, edited in a box on the post screen and
 * saved only when it parses. In REST they are `wp/v2/sfwp-forms` with the definition as the
 * meta `_sfwp_form_definition` (written only by administrators), so the connector's admin app
 * can list forms and their fields and a demo can create one; reading them there needs the
 * same capability as writing them (SFWP_REST_Forms_Controller).
 */
final class SFWP_Form_Post_Type {

	/**
	 * Post type slug.
	 */
	const POST_TYPE = 'sfwp_form';

	/**
	 * Capability that manages forms and reads submissions.
	 */
	const CAPABILITY = 'manage_options';

	/**
	 * Nonce action and field of the definition box.
	 */
	const NONCE = 'sfwp_form_definition_nonce';

	/**
	 * Meta naming the other plugin's form this one stands for ("<plugin>:<form id>").
	 */
	const SOURCE_META = '_sfwp_form_source';

	/**
	 * Form plugins the adapters know.
	 */
	const SOURCES = array( 'contact-form-7', 'wpforms', 'gravityforms' );

	/**
	 * Stores a definition (sync_source() keeps the source meta in step).
	 *
	 * @param int                  $post_id    Form id.
	 * @param array<string, mixed> $definition Decoded definition.
	 */
	public static function store_definition( int $post_id, array $definition ): void {
		update_post_meta( $post_id, SFWP_Form_Definition::META, wp_slash( (string) wp_json_encode( $definition, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) ) );
	}

	/**
	 * Keeps the source meta in step with a definition however it was written (box, REST, code).
	 *
	 * @param int    $meta_id    Meta id.
	 * @param int    $post_id    Post id.
	 * @param string $meta_key   Meta key.
	 * @param mixed  $meta_value New value.
	 */
	public function sync_source( $meta_id, $post_id, $meta_key, $meta_value ): void {
		if ( SFWP_Form_Definition::META !== $meta_key || self::POST_TYPE !== get_post_type( (int) $post_id ) ) {
			return;
		}
		$definition = json_decode( is_string( $meta_value ) ? $meta_value : '', true );
		$source     = is_array( $definition ) && is_array( $definition['source'] ?? null ) ? $definition['source'] : array();
		$plugin     = (string) ( $source['plugin'] ?? '' );
		$id         = absint( $source['form_id'] ?? 0 );
		if ( in_array( $plugin, self::SOURCES, true ) && $id > 0 ) {
			update_post_meta( (int) $post_id, self::SOURCE_META, $plugin . ':' . $id );
		} else {
			delete_post_meta( (int) $post_id, self::SOURCE_META );
		}
	}

	/**
	 * The published sfwp form standing for another plugin's form.
	 *
	 * @param string $plugin  contact-form-7, wpforms or gravityforms.
	 * @param int    $form_id That plugin's form id.
	 * @return SFWP_Form_Definition|null
	 */
	public static function linked_to( string $plugin, int $form_id ): ?SFWP_Form_Definition {
		$ids = get_posts(
			array(
				'post_type'      => self::POST_TYPE,
				'post_status'    => 'publish',
				'fields'         => 'ids',
				'posts_per_page' => 1,
				'meta_key'       => self::SOURCE_META, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key
				'meta_value'     => $plugin . ':' . $form_id, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_value
			)
		);
		return array() === $ids ? null : SFWP_Form_Definition::load( (int) $ids[0] );
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'register_post_type' ) );
		add_action( 'add_meta_boxes_' . self::POST_TYPE, array( $this, 'add_box' ) );
		add_action( 'save_post_' . self::POST_TYPE, array( $this, 'save' ), 10, 2 );
		add_action( 'added_post_meta', array( $this, 'sync_source' ), 10, 4 );
		add_action( 'updated_post_meta', array( $this, 'sync_source' ), 10, 4 );
		add_filter( 'use_block_editor_for_post_type', array( $this, 'classic_editor' ), 10, 2 );
	}

	/**
	 * A form is a title and a definition: the classic screen with the definition box fits it
	 * (the post type is in REST, which would otherwise open the block editor).
	 *
	 * @param bool   $use_block_editor Whether to use the block editor.
	 * @param string $post_type        Post type.
	 * @return bool
	 */
	public function classic_editor( $use_block_editor, $post_type ): bool {
		return self::POST_TYPE === $post_type ? false : (bool) $use_block_editor;
	}

	/**
	 * Registers the post type: not public, administrators only, and the definition meta.
	 */
	public function register_post_type(): void {
		$cap = self::CAPABILITY;
		register_post_type(
			self::POST_TYPE,
			array(
				'labels'              => array(
					'name'          => __( 'Salesforce forms', 'sfwp' ),
					'singular_name' => __( 'Salesforce form', 'sfwp' ),
					'add_new_item'  => __( 'Add new form', 'sfwp' ),
					'edit_item'     => __( 'Edit form', 'sfwp' ),
				),
				'public'              => false,
				'show_ui'             => true,
				'show_in_menu'        => true,
				'menu_icon'           => 'dashicons-feedback',
				'show_in_rest'        => true,
				'rest_base'           => 'sfwp-forms',
				'rest_controller_class' => 'SFWP_REST_Forms_Controller',
				'exclude_from_search' => true,
				'publicly_queryable'  => false,
				'supports'            => array( 'title', 'custom-fields' ),
				'capabilities'        => array(
					'edit_post'          => $cap,
					'read_post'          => $cap,
					'delete_post'        => $cap,
					'edit_posts'         => $cap,
					'edit_others_posts'  => $cap,
					'delete_posts'       => $cap,
					'publish_posts'      => $cap,
					'read_private_posts' => $cap,
					'create_posts'       => $cap,
				),
			)
		);
		register_post_meta(
			self::POST_TYPE,
			SFWP_Form_Definition::META,
			array(
				'type'          => 'string',
				'single'        => true,
				'description'   => __( 'The form definition (JSON); see docs/FORMS.md.', 'sfwp' ),
				'show_in_rest'  => true,
				'auth_callback' => static function () {
					return current_user_can( self::CAPABILITY );
				},
			)
		);
	}

	/**
	 * Adds the definition box.
	 */
	public function add_box(): void {
		// The definition meta is the form's content; the generic Custom Fields box (there for REST meta) is noise.
		remove_meta_box( 'postcustom', self::POST_TYPE, 'normal' );
		add_meta_box( 'sfwp-form-definition', __( 'Form definition (JSON)', 'sfwp' ), array( $this, 'render_box' ), self::POST_TYPE, 'normal' );
	}

	/**
	 * The definition box: the JSON, and where to use the form.
	 *
	 * @param WP_Post $post The form.
	 */
	public function render_box( WP_Post $post ): void {
		wp_nonce_field( self::NONCE, self::NONCE );
		$json = (string) get_post_meta( $post->ID, SFWP_Form_Definition::META, true );
		echo '<p>';
		/* translators: %s: The shortcode of this form. */
		printf( esc_html__( 'Shortcode: %s, or the "Salesforce form" block.', 'sfwp' ), '<code>' . esc_html( '[sfwp_form id="' . $post->ID . '"]' ) . '</code>' );
		echo '</p>';
		echo '<label class="screen-reader-text" for="sfwp-form-definition-json">' . esc_html__( 'Form definition (JSON)', 'sfwp' ) . '</label>';
		echo '<textarea id="sfwp-form-definition-json" name="sfwp_form_definition" rows="16" class="large-text code">' . esc_textarea( $json ) . '</textarea>';
		echo '<p class="description">' . esc_html__( 'fields: [{ name, label, type: text|email|tel|textarea|select|checkbox|hidden, required, options, maxLength, default }], consent: { enabled, required, label }, success: { message } or { redirect }. See docs/FORMS.md.', 'sfwp' ) . '</p>';
	}

	/**
	 * Saves the definition when the box was sent, the nonce and capability check, and it parses.
	 *
	 * @param int     $post_id Post id.
	 * @param WP_Post $post    Post.
	 */
	public function save( int $post_id, WP_Post $post ): void {
		if ( ! isset( $_POST[ self::NONCE ], $_POST['sfwp_form_definition'] ) || wp_is_post_revision( $post_id ) || wp_is_post_autosave( $post_id ) ) {
			return;
		}
		if ( ! wp_verify_nonce( sanitize_key( wp_unslash( $_POST[ self::NONCE ] ) ), self::NONCE ) || ! current_user_can( self::CAPABILITY ) ) {
			return;
		}
		$json    = trim( (string) wp_unslash( $_POST['sfwp_form_definition'] ) ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- JSON, checked by json_decode and re-encoded.
		$decoded = json_decode( $json, true );
		if ( ! is_array( $decoded ) ) {
			return;
		}
		self::store_definition( $post->ID, $decoded );
	}
}
