<?php
/**
 * Keeps restricted posts' content from readers without the tags, wherever WordPress shows it.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Where a restricted post's content could reach someone who may not read it, and what happens:
 *
 * - its page: the redirect of the rule (wp_safe_redirect(), allowed hosts as core's), else the
 *   message in place of the content; restricted pages are sent with no-cache headers so a page
 *   cache does not hand a member's copy to others;
 * - `the_content` (templates, blocks, feeds, oEmbed, excerpts WordPress makes from the content)
 *   and `get_the_excerpt` (archives, feeds' descriptions): the message;
 * - the REST API (`rest_prepare_{post_type}` for every post type in REST, `_embed` included):
 *   `content` and `excerpt` become the message, their `raw` values are dropped;
 * - searches (the site's, `?search=` of the REST routes, `/wp/v2/search`) and feeds: the post is
 *   left out of the query (`pre_get_posts`), so neither its title nor a match on its words shows.
 */
final class SFWP_Content_Access_Filters {

	/**
	 * Priority of the content filters: before blocks and shortcodes render (9, 11), so nothing in
	 * a restricted post runs for a reader who may not see it.
	 */
	const CONTENT_PRIORITY = 1;

	/**
	 * Priority of the excerpt filter: after WordPress made the excerpt (wp_trim_excerpt, 10).
	 */
	const EXCERPT_PRIORITY = 999;

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
		add_filter( 'the_content', array( $this, 'filter_content' ), self::CONTENT_PRIORITY );
		add_filter( 'get_the_excerpt', array( $this, 'filter_excerpt' ), self::EXCERPT_PRIORITY, 2 );
		add_action( 'pre_get_posts', array( $this, 'leave_out_denied' ) );
		add_action( 'template_redirect', array( $this, 'guard_page' ) );
		add_action( 'rest_api_init', array( $this, 'add_rest_filters' ) );
		add_action( 'set_current_user', array( $this->access, 'forget' ) );
	}

	/**
	 * The message in place of a restricted post's content.
	 *
	 * @param string $content Content.
	 * @return string
	 */
	public function filter_content( $content ) {
		$post = get_post();
		if ( ! $post instanceof WP_Post || $this->access->can_read( (int) $post->ID ) ) {
			return $content;
		}
		return $this->access->denied_message( (int) $post->ID );
	}

	/**
	 * The message, as text, in place of a restricted post's excerpt.
	 *
	 * @param string           $excerpt Excerpt.
	 * @param WP_Post|int|null $post    Post.
	 * @return string
	 */
	public function filter_excerpt( $excerpt, $post = null ) {
		$post = get_post( $post );
		if ( ! $post instanceof WP_Post || $this->access->can_read( (int) $post->ID ) ) {
			return $excerpt;
		}
		return wp_strip_all_tags( $this->access->denied_message( (int) $post->ID ) );
	}

	/**
	 * Leaves the posts the reader may not read out of searches and feeds.
	 *
	 * @param WP_Query $query Query about to run.
	 */
	public function leave_out_denied( $query ): void {
		if ( ! $query instanceof WP_Query || ( ! $query->is_search() && ! $query->is_feed() ) ) {
			return;
		}
		$denied = $this->access->denied_post_ids();
		if ( array() === $denied ) {
			return;
		}
		$excluded = array_map( 'intval', (array) $query->get( 'post__not_in' ) );
		$query->set( 'post__not_in', array_values( array_unique( array_merge( $excluded, $denied ) ) ) );
	}

	/**
	 * A restricted post's page: no-cache headers, and the rule's redirect for a reader who may
	 * not read it (the message, from filter_content(), when the rule has no usable redirect).
	 */
	public function guard_page(): void {
		if ( ! is_singular() ) {
			return;
		}
		$post_id = (int) get_queried_object_id();
		$rule    = $this->access->rule_of( $post_id );
		if ( null === $rule ) {
			return;
		}
		nocache_headers();
		if ( 'redirect' !== $rule['denied'] || $this->access->can_read( $post_id ) ) {
			return;
		}
		$target = wp_validate_redirect( $rule['redirect'], '' );
		if ( '' !== $target && wp_safe_redirect( $target, 302, 'sfwp' ) ) {
			exit;
		}
	}

	/**
	 * Adds the REST filter to every post type shown in REST.
	 */
	public function add_rest_filters(): void {
		foreach ( get_post_types( array( 'show_in_rest' => true ) ) as $post_type ) {
			add_filter( "rest_prepare_{$post_type}", array( $this, 'filter_rest_post' ), 10, 2 );
		}
	}

	/**
	 * A restricted post in a REST answer: content and excerpt become the message.
	 *
	 * @param WP_REST_Response $response Response.
	 * @param WP_Post          $post     Post.
	 * @return WP_REST_Response
	 */
	public function filter_rest_post( $response, $post ) {
		if ( ! $response instanceof WP_REST_Response || ! $post instanceof WP_Post || $this->access->can_read( (int) $post->ID ) ) {
			return $response;
		}
		$data    = $response->get_data();
		$message = $this->access->denied_message( (int) $post->ID );
		foreach ( array( 'content', 'excerpt' ) as $field ) {
			if ( isset( $data[ $field ] ) && is_array( $data[ $field ] ) ) {
				unset( $data[ $field ]['raw'] );
				$data[ $field ]['rendered'] = $message;
			}
		}
		$response->set_data( $data );
		return $response;
	}
}
