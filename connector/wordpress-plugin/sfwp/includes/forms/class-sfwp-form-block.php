<?php
/**
 * The "Salesforce form" block and the `[sfwp_form id="…"]` shortcode.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Both show a form through the renderer. The block is dynamic (blocks/form/block.json,
 * rendered on the server); its editor script is plain JavaScript on WordPress's globals.
 */
final class SFWP_Form_Block {

	/**
	 * Shortcode tag.
	 */
	const SHORTCODE = 'sfwp_form';

	/**
	 * Editor script handle (block.json's editorScript).
	 */
	const EDITOR_HANDLE = 'sfwp-form-block-editor';

	/**
	 * Renderer.
	 *
	 * @var SFWP_Form_Renderer
	 */
	private SFWP_Form_Renderer $renderer;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Form_Renderer $renderer Renderer.
	 */
	public function __construct( SFWP_Form_Renderer $renderer ) {
		$this->renderer = $renderer;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'register_block' ) );
		add_action( 'enqueue_block_editor_assets', array( $this, 'editor_data' ) );
		add_shortcode( self::SHORTCODE, array( $this, 'shortcode' ) );
	}

	/**
	 * Registers the assets, the editor script and the block.
	 */
	public function register_block(): void {
		$this->renderer->register_assets();
		$plugin_dir = dirname( __DIR__, 2 );
		wp_register_script(
			self::EDITOR_HANDLE,
			plugins_url( 'blocks/form/editor.js', $plugin_dir . '/sfwp.php' ),
			array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-server-side-render', 'wp-i18n' ),
			SFWP_Plugin::VERSION,
			true
		);
		wp_set_script_translations( self::EDITOR_HANDLE, 'sfwp' );
		register_block_type( $plugin_dir . '/blocks/form', array( 'render_callback' => array( $this, 'render_block' ) ) );
	}

	/**
	 * The forms the editor's picker offers, for those who may manage them or edit posts.
	 */
	public function editor_data(): void {
		if ( ! current_user_can( 'edit_posts' ) ) {
			return;
		}
		$forms = array();
		foreach ( get_posts(
			array(
				'post_type'      => SFWP_Form_Post_Type::POST_TYPE,
				'post_status'    => 'publish',
				'posts_per_page' => 200,
				'orderby'        => 'title',
				'order'          => 'ASC',
			)
		) as $post ) {
			$forms[] = array(
				'id'    => $post->ID,
				'title' => $post->post_title,
			);
		}
		wp_add_inline_script( self::EDITOR_HANDLE, 'window.sfwpFormBlock = ' . wp_json_encode( array( 'forms' => $forms ) ) . ';', 'before' );
	}

	/**
	 * Renders the block.
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 * @return string
	 */
	public function render_block( array $attributes ): string {
		return $this->renderer->render( (int) ( $attributes['formId'] ?? 0 ) );
	}

	/**
	 * Renders the shortcode.
	 *
	 * @param array<string, string>|string $atts Shortcode attributes.
	 * @return string
	 */
	public function shortcode( $atts ): string {
		$atts = shortcode_atts( array( 'id' => '0' ), is_array( $atts ) ? $atts : array(), self::SHORTCODE );
		return $this->renderer->render( absint( $atts['id'] ) );
	}
}
