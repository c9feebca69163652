<?php
/**
 * The "Members only" block and the `[sfwp_members tags="…" match="any|all"]…[/sfwp_members]`
 * shortcode.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Both show their inner content only to users with the tags (any or all of them), and to those
 * who may edit the post they are in; everyone else gets nothing. Both are rendered on the server
 * for each reader, so the REST API's rendered content and feeds follow the same rule, and
 * WordPress's own excerpts leave them out (strip_shortcodes(), excerpt_remove_blocks()).
 */
final class SFWP_Members_Only_Block {

	/**
	 * Shortcode tag.
	 */
	const SHORTCODE = 'sfwp_members';

	/**
	 * Editor script handle (block.json's editorScript).
	 */
	const EDITOR_HANDLE = 'sfwp-members-only-block-editor';

	/**
	 * Access decisions.
	 *
	 * @var SFWP_Content_Access
	 */
	private SFWP_Content_Access $access;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Content_Access $access Access decisions.
	 */
	public function __construct( SFWP_Content_Access $access ) {
		$this->access = $access;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'register_block' ) );
		add_shortcode( self::SHORTCODE, array( $this, 'shortcode' ) );
	}

	/**
	 * Registers the editor script and the dynamic block.
	 */
	public function register_block(): void {
		$plugin_dir = dirname( __DIR__, 2 );
		wp_register_script(
			self::EDITOR_HANDLE,
			plugins_url( 'blocks/members-only/editor.js', $plugin_dir . '/sfwp.php' ),
			array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ),
			SFWP_Plugin::VERSION,
			true
		);
		wp_set_script_translations( self::EDITOR_HANDLE, 'sfwp' );
		register_block_type( $plugin_dir . '/blocks/members-only', array( 'render_callback' => array( $this, 'render_block' ) ) );
	}

	/**
	 * Renders the block: its inner blocks, or nothing.
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 * @param string               $content    Rendered inner blocks.
	 * @return string
	 */
	public function render_block( array $attributes, string $content = '' ): string {
		if ( ! $this->may_see( $attributes['tags'] ?? '', (string) ( $attributes['match'] ?? 'any' ) ) ) {
			return '';
		}
		return '<div ' . get_block_wrapper_attributes() . '>' . $content . '</div>';
	}

	/**
	 * Renders the shortcode: its content (shortcodes in it run), or nothing.
	 *
	 * @param array|string $atts    Attributes.
	 * @param string|null  $content Enclosed content.
	 * @return string
	 */
	public function shortcode( $atts, $content = null ): string {
		$atts = shortcode_atts(
			array(
				'tags'  => '',
				'match' => 'any',
			),
			$atts,
			self::SHORTCODE
		);
		if ( null === $content || ! $this->may_see( (string) $atts['tags'], (string) $atts['match'] ) ) {
			return '';
		}
		return do_shortcode( $content );
	}

	/**
	 * Whether the current reader may see content for these tags. No tags: no one but the post's
	 * editors (a block whose tags were never set shows nothing rather than everything).
	 *
	 * @param mixed  $tags  Tags, comma-separated or a list.
	 * @param string $match `any` or `all`.
	 * @return bool
	 */
	private function may_see( $tags, string $match ): bool {
		$tags    = SFWP_Content_Access::tag_list( $tags );
		$match   = 'all' === strtolower( trim( $match ) ) ? 'all' : 'any';
		$post_id = (int) get_the_ID();
		if ( array() === $tags ) {
			return $post_id > 0 && current_user_can( 'edit_post', $post_id );
		}
		return $this->access->can_see_tagged( $tags, $match, $post_id );
	}
}
