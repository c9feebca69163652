<?php
/**
 * The "Salesforce records" block and the `[sfwp_records access="…" fields="…" limit="…"]` shortcode.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Renders the records an access entry allows as a table with paging. Every value is escaped;
 * visitors who are not logged in see nothing unless the entry allows anonymous access; when
 * Salesforce cannot be reached the last good copy is shown with a notice, or a friendly message.
 */
final class SFWP_Records_Block {

	/**
	 * Shortcode tag.
	 */
	const SHORTCODE = 'sfwp_records';

	/**
	 * Editor script handle (block.json's editorScript).
	 */
	const EDITOR_HANDLE = 'sfwp-records-block-editor';

	/**
	 * Largest page size the block and shortcode ask for.
	 */
	const MAX_LIMIT = 200;

	/**
	 * Developer API.
	 *
	 * @var SFWP_Developer_API
	 */
	private SFWP_Developer_API $api;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Developer_API $api Developer API.
	 */
	public function __construct( SFWP_Developer_API $api ) {
		$this->api = $api;
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
			plugins_url( 'blocks/records/editor.js', $plugin_dir . '/sfwp.php' ),
			array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-server-side-render', 'wp-i18n' ),
			SFWP_Plugin::VERSION,
			true
		);
		wp_set_script_translations( self::EDITOR_HANDLE, 'sfwp' );
		register_block_type( $plugin_dir . '/blocks/records', array( 'render_callback' => array( $this, 'render_block' ) ) );
	}

	/**
	 * Renders the block.
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 * @return string
	 */
	public function render_block( array $attributes ): string {
		return $this->render(
			(string) ( $attributes['access'] ?? '' ),
			(string) ( $attributes['fields'] ?? '' ),
			(int) ( $attributes['limit'] ?? 10 )
		);
	}

	/**
	 * Renders the shortcode.
	 *
	 * @param array<string, string>|string $atts Shortcode attributes.
	 * @return string
	 */
	public function shortcode( $atts ): string {
		$atts = shortcode_atts(
			array(
				'access' => '',
				'fields' => '',
				'limit'  => '10',
			),
			is_array( $atts ) ? $atts : array(),
			self::SHORTCODE
		);
		return $this->render( (string) $atts['access'], (string) $atts['fields'], absint( $atts['limit'] ) );
	}

	/**
	 * The table for one access entry.
	 *
	 * @param string $access Access entry API name.
	 * @param string $fields Comma-separated fields; empty for all the entry allows.
	 * @param int    $limit  Records per page.
	 * @return string
	 */
	public function render( string $access, string $fields, int $limit ): string {
		$access = sanitize_key( $access ) === strtolower( $access ) ? $access : '';
		if ( '' === $access ) {
			return $this->editor_hint( __( 'Choose the Salesforce access entry to show.', 'sfwp' ) );
		}
		$limit  = max( 1, min( self::MAX_LIMIT, $limit ) );
		$param  = 'sfwp_after_' . strtolower( $access );
		$after  = isset( $_GET[ $param ] ) ? preg_replace( '/[^A-Za-z0-9]/', '', (string) wp_unslash( $_GET[ $param ] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a record Id to page from only.
		$args   = array( 'limit' => $limit );
		if ( '' !== $after ) {
			$args['after'] = $after;
		}
		if ( '' !== trim( $fields ) ) {
			$args['fields'] = $fields;
		}
		$result = $this->api->query( $access, $args );
		$notice = '';
		if ( is_wp_error( $result ) ) {
			$data   = (array) $result->get_error_data();
			$cached = isset( $data['cached'] ) && is_array( $data['cached'] ) ? $data['cached'] : null;
			if ( null === $cached ) {
				return $this->failure_message( $result );
			}
			$result = $cached;
			$notice = __( 'Salesforce could not be reached just now; this is the last saved copy.', 'sfwp' );
		}
		if ( ! is_user_logged_in() && empty( $result['entry']['allowAnonymous'] ) ) {
			return '';
		}
		return $this->table( $result, $notice, $param, '' !== $after );
	}

	/**
	 * The table, notice and paging links.
	 *
	 * @param array<string, mixed> $result Query result.
	 * @param string               $notice Notice text, or ''.
	 * @param string               $param  Paging query parameter.
	 * @param bool                 $paged  Whether this is a page after the first.
	 * @return string
	 */
	private function table( array $result, string $notice, string $param, bool $paged ): string {
		$fields  = array_values( array_diff( (array) ( $result['fields'] ?? array() ), array( 'Id' ) ) );
		$records = (array) ( $result['records'] ?? array() );
		$html    = '<div class="sfwp-records">';
		if ( '' !== $notice ) {
			$html .= '<p class="sfwp-records-notice" role="status">' . esc_html( $notice ) . '</p>';
		}
		if ( array() === $records ) {
			return $html . '<p class="sfwp-records-empty">' . esc_html__( 'No records to show.', 'sfwp' ) . '</p></div>';
		}
		$html .= '<table class="sfwp-records-table"><thead><tr>';
		foreach ( $fields as $field ) {
			$html .= '<th scope="col">' . esc_html( (string) $field ) . '</th>';
		}
		$html .= '</tr></thead><tbody>';
		foreach ( $records as $record ) {
			$html .= '<tr>';
			foreach ( $fields as $field ) {
				$value = is_array( $record ) ? ( $record[ $field ] ?? '' ) : '';
				$html .= '<td>' . esc_html( is_scalar( $value ) ? (string) $value : (string) wp_json_encode( $value ) ) . '</td>';
			}
			$html .= '</tr>';
		}
		$html .= '</tbody></table>';
		return $html . $this->paging( $param, $paged, is_string( $result['next'] ?? null ) ? $result['next'] : '' ) . '</div>';
	}

	/**
	 * First-page and next links (pages by key: the next page starts after the last Id shown).
	 *
	 * @param string $param Paging query parameter.
	 * @param bool   $paged Whether this is a page after the first.
	 * @param string $next  The next page's `after`, or ''.
	 * @return string
	 */
	private function paging( string $param, bool $paged, string $next ): string {
		if ( ! $paged && '' === $next ) {
			return '';
		}
		$html = '<nav class="sfwp-records-paging" aria-label="' . esc_attr__( 'Pages', 'sfwp' ) . '">';
		if ( $paged ) {
			$html .= '<a rel="first" href="' . esc_url( remove_query_arg( $param ) ) . '">' . esc_html__( 'First page', 'sfwp' ) . '</a> ';
		}
		if ( '' !== $next ) {
			$html .= '<a rel="next" href="' . esc_url( add_query_arg( $param, rawurlencode( $next ) ) ) . '">' . esc_html__( 'Next', 'sfwp' ) . '</a>';
		}
		return $html . '</nav>';
	}

	/**
	 * What a failure shows: editors see the reason, visitors a friendly message.
	 *
	 * @param WP_Error $error Error.
	 * @return string
	 */
	private function failure_message( WP_Error $error ): string {
		$data = (array) $error->get_error_data();
		if ( ! is_user_logged_in() && empty( $data['unavailable'] ) ) {
			return '';
		}
		$text = ! empty( $data['unavailable'] )
			? __( 'This list is not available right now. Please try again later.', 'sfwp' )
			: __( 'This list cannot be shown.', 'sfwp' );
		if ( current_user_can( 'edit_posts' ) && empty( $data['unavailable'] ) ) {
			/* translators: 1: error code, 2: error message. */
			$text .= ' ' . sprintf( __( '(%1$s: %2$s)', 'sfwp' ), $error->get_error_code(), $error->get_error_message() );
		}
		return '<div class="sfwp-records"><p class="sfwp-records-unavailable" role="status">' . esc_html( $text ) . '</p></div>';
	}

	/**
	 * A hint for editors only.
	 *
	 * @param string $text Hint.
	 * @return string
	 */
	private function editor_hint( string $text ): string {
		return current_user_can( 'edit_posts' ) ? '<p class="sfwp-records-hint">' . esc_html( $text ) . '</p>' : '';
	}
}
