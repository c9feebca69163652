<?php
/**
 * Who may read what: posts' access rules and users' tags.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * A post's rule lives in its protected meta `_sfwp_access` (never in REST, never in the change
 * feed): `tags` (required tags), `match` (`any` or `all`), and for everyone else `denied`
 * (`message` or `redirect`) with `message` (HTML, blank for the default text) or `redirect`
 * (a URL wp_validate_redirect() accepts). A rule without tags is no rule.
 *
 * A user's tags are their user meta `sfwp_tags` (a list of strings the connector keeps in
 * sync with Salesforce), passed through the `sfwp_user_tags` filter. Tags compare without
 * regard to case. Whoever may edit a post reads it whatever its rule.
 */
final class SFWP_Content_Access {

	/**
	 * Post meta holding a post's rule.
	 */
	const RULE_META = '_sfwp_access';

	/**
	 * User meta holding a user's tags.
	 */
	const USER_TAGS_META = 'sfwp_tags';

	/**
	 * Ids of the posts each user may not read, for this request: user id => post ids.
	 *
	 * @var array<int, int[]>
	 */
	private array $denied = array();

	/**
	 * A post's rule, or null when it has none.
	 *
	 * @param int $post_id Post id.
	 * @return array{tags: string[], match: string, denied: string, message: string, redirect: string}|null
	 */
	public function rule_of( int $post_id ): ?array {
		return self::normalize_rule( get_post_meta( $post_id, self::RULE_META, true ) );
	}

	/**
	 * A stored rule in its documented shape, or null when it requires no tags.
	 *
	 * @param mixed $rule Stored value.
	 * @return array{tags: string[], match: string, denied: string, message: string, redirect: string}|null
	 */
	public static function normalize_rule( $rule ): ?array {
		if ( ! is_array( $rule ) ) {
			return null;
		}
		$tags = self::tag_list( $rule['tags'] ?? array() );
		if ( array() === $tags ) {
			return null;
		}
		return array(
			'tags'     => $tags,
			'match'    => 'all' === ( $rule['match'] ?? '' ) ? 'all' : 'any',
			'denied'   => 'redirect' === ( $rule['denied'] ?? '' ) ? 'redirect' : 'message',
			'message'  => is_string( $rule['message'] ?? null ) ? $rule['message'] : '',
			'redirect' => is_string( $rule['redirect'] ?? null ) ? $rule['redirect'] : '',
		);
	}

	/**
	 * Tags from a list or a comma-separated string: trimmed, without empty ones, each once.
	 *
	 * @param mixed $tags Tags.
	 * @return string[]
	 */
	public static function tag_list( $tags ): array {
		$tags = is_string( $tags ) ? explode( ',', $tags ) : ( is_array( $tags ) ? $tags : array() );
		$list = array();
		foreach ( $tags as $tag ) {
			$tag = is_scalar( $tag ) ? trim( (string) $tag ) : '';
			if ( '' !== $tag ) {
				$list[ self::fold( $tag ) ] = $tag;
			}
		}
		return array_values( $list );
	}

	/**
	 * A user's tags.
	 *
	 * @param int $user_id User id; 0 for a visitor who is not logged in.
	 * @return string[]
	 */
	public function user_tags( int $user_id ): array {
		$stored = $user_id > 0 ? get_user_meta( $user_id, self::USER_TAGS_META, true ) : array();
		/**
		 * Filters a user's tags, the set content access rules compare with.
		 *
		 * @param string[] $tags    Tags from the user meta `sfwp_tags` (a list of strings).
		 * @param int      $user_id User id; 0 for a visitor who is not logged in.
		 */
		$tags = apply_filters( 'sfwp_user_tags', self::tag_list( is_array( $stored ) ? $stored : array() ), $user_id );
		return self::tag_list( $tags );
	}

	/**
	 * Whether a user has the tags: any one of them, or all of them.
	 *
	 * @param string[] $required Required tags.
	 * @param string   $match    `any` or `all`.
	 * @param int      $user_id  User id.
	 * @return bool
	 */
	public function has_tags( array $required, string $match, int $user_id ): bool {
		$required = array_map( array( self::class, 'fold' ), self::tag_list( $required ) );
		if ( array() === $required ) {
			return true;
		}
		$has    = array_map( array( self::class, 'fold' ), $this->user_tags( $user_id ) );
		$common = array_intersect( $required, $has );
		return 'all' === $match ? count( $common ) === count( $required ) : array() !== $common;
	}

	/**
	 * Whether a user may read a post: it has no rule, the user may edit it, or the user has the
	 * rule's tags.
	 *
	 * @param int      $post_id Post id.
	 * @param int|null $user_id User id; the current user when null.
	 * @return bool
	 */
	public function can_read( int $post_id, ?int $user_id = null ): bool {
		return $this->can_read_with( $post_id, $this->rule_of( $post_id ), $user_id ?? get_current_user_id() );
	}

	/**
	 * Whether a user may see content shown only to some tags, inside a post (the block and the
	 * shortcode): those who may edit the post see it too, so they can check their page.
	 *
	 * @param string[] $tags    Required tags.
	 * @param string   $match   `any` or `all`.
	 * @param int      $post_id Post the content is in; 0 when unknown.
	 * @return bool
	 */
	public function can_see_tagged( array $tags, string $match, int $post_id ): bool {
		$user_id = get_current_user_id();
		if ( $post_id > 0 && $user_id > 0 && user_can( $user_id, 'edit_post', $post_id ) ) {
			return true;
		}
		return $this->has_tags( $tags, $match, $user_id );
	}

	/**
	 * Ids of the posts with a rule the user may not read (read once per request and user).
	 *
	 * @param int|null $user_id User id; the current user when null.
	 * @return int[]
	 */
	public function denied_post_ids( ?int $user_id = null ): array {
		global $wpdb;
		$user_id = $user_id ?? get_current_user_id();
		if ( ! isset( $this->denied[ $user_id ] ) ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- every rule at once; core has no API for it.
			$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT post_id, meta_value FROM {$wpdb->postmeta} WHERE meta_key = %s", self::RULE_META ) );
			$denied = array();
			foreach ( is_array( $rows ) ? $rows : array() as $row ) {
				$post_id = (int) $row->post_id;
				if ( ! $this->can_read_with( $post_id, self::normalize_rule( maybe_unserialize( $row->meta_value ) ), $user_id ) ) {
					$denied[] = $post_id;
				}
			}
			$this->denied[ $user_id ] = $denied;
		}
		return $this->denied[ $user_id ];
	}

	/**
	 * What someone who may not read a post sees instead of its content (HTML).
	 *
	 * @param int $post_id Post id.
	 * @return string
	 */
	public function denied_message( int $post_id ): string {
		$rule    = $this->rule_of( $post_id );
		$message = null === $rule ? '' : trim( $rule['message'] );
		if ( '' === $message ) {
			$message = '<p>' . esc_html__( 'This content is for members only.', 'sfwp' ) . '</p>';
			if ( ! is_user_logged_in() ) {
				$message .= '<p><a href="' . esc_url( wp_login_url( (string) get_permalink( $post_id ) ) ) . '">' . esc_html__( 'Log in to read it.', 'sfwp' ) . '</a></p>';
			}
		}
		/**
		 * Filters what someone who may not read a restricted post sees instead of its content.
		 *
		 * @param string $message HTML.
		 * @param int    $post_id Post id.
		 */
		return wp_kses_post( (string) apply_filters( 'sfwp_access_denied_message', $message, $post_id ) );
	}

	/**
	 * Forgets the denied posts worked out so far (a user's tags or a rule changed).
	 */
	public function forget(): void {
		$this->denied = array();
	}

	/**
	 * Whether a user may read a post with a given rule.
	 *
	 * @param int        $post_id Post id.
	 * @param array|null $rule    The post's rule (normalized), or null.
	 * @param int        $user_id User id.
	 * @return bool
	 */
	private function can_read_with( int $post_id, ?array $rule, int $user_id ): bool {
		if ( null === $rule ) {
			return true;
		}
		$allowed = ( $user_id > 0 && user_can( $user_id, 'edit_post', $post_id ) ) || $this->has_tags( $rule['tags'], $rule['match'], $user_id );
		/**
		 * Filters whether a user may read a post that has an access rule.
		 *
		 * @param bool  $allowed Whether the user may edit the post or has the rule's tags.
		 * @param int   $post_id Post id.
		 * @param int   $user_id User id; 0 for a visitor who is not logged in.
		 * @param array $rule    The rule: tags, match, denied, message, redirect.
		 */
		return (bool) apply_filters( 'sfwp_can_read_post', $allowed, $post_id, $user_id, $rule );
	}

	/**
	 * A tag as compared: lower case (letters beyond ASCII only where PHP has mbstring, which
	 * WordPress recommends; core's compat functions have no mb_strtolower()).
	 *
	 * @param string $tag Tag.
	 * @return string
	 */
	private static function fold( string $tag ): string {
		return function_exists( 'mb_strtolower' ) ? mb_strtolower( $tag, 'UTF-8' ) : strtolower( $tag );
	}
}
