<?php
/**
 * `POST sfwp/v1/lookup`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Finds users or posts of a tracked type by one field's values, up to MAX_VALUES at once.
 *
 * Core's REST API searches for one term per request (`?search=`), so matching a few hundred new
 * Salesforce records to existing WordPress objects by email costs a few hundred requests, or a
 * read of every user. This route answers them in one query: the ids and stored values of the
 * objects whose field equals one of the values, compared as the database compares them (the
 * tables' collation: case-insensitive in a default install). The connector reads the objects it
 * needs with `?include=` and checks each value again itself.
 *
 * Fields: users `email`, `username`, `slug` and `meta.<key>`; posts `title`, `slug` and
 * `meta.<key>`, for meta keys registered with `show_in_rest` (those a REST object carries). Posts in the trash or auto-drafts are not matched (as `status=any` in core).
 *
 * Access: the `sfwp_sync` capability, and what core asks to list the same objects with their
 * private fields: `list_users` for users, the post type's `edit_posts` for posts.
 */
final class SFWP_REST_Lookup_Controller extends SFWP_REST_Controller {

	/**
	 * Most values per request.
	 */
	const MAX_VALUES = 200;

	/**
	 * User fields and their `wp_users` columns.
	 */
	const USER_COLUMNS = array(
		'email'    => 'user_email',
		'username' => 'user_login',
		'slug'     => 'user_nicename',
	);

	/**
	 * Post fields and their `wp_posts` columns.
	 */
	const POST_COLUMNS = array(
		'title' => 'post_title',
		'slug'  => 'post_name',
	);

	/**
	 * Prefix of a meta field.
	 */
	const META_PREFIX = 'meta.';

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings $settings Settings.
	 */
	public function __construct( SFWP_Settings $settings ) {
		$this->settings  = $settings;
		$this->rest_base = 'lookup';
	}

	/**
	 * Registers the route.
	 */
	public function register_routes() {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'look_up' ),
					'permission_callback' => array( $this, 'lookup_permissions_check' ),
					'args'                => array(
						'type'   => array(
							'description' => __( 'user, or a post type sfwp tracks.', 'sfwp' ),
							'type'        => 'string',
							'required'    => true,
						),
						'field'  => array(
							'description' => __( 'The field to compare: email, username or slug of users; title or slug of posts; or meta.<key>.', 'sfwp' ),
							'type'        => 'string',
							'required'    => true,
						),
						'values' => array(
							'description' => __( 'The values to find.', 'sfwp' ),
							'type'        => 'array',
							'required'    => true,
							'minItems'    => 1,
							'maxItems'    => self::MAX_VALUES,
							'items'       => array( 'type' => 'string' ),
						),
					),
				),
			)
		);
	}

	/**
	 * The sfwp permission check, and the capability core asks to list those objects.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function lookup_permissions_check( $request ) {
		$allowed = $this->permissions_check( $request );
		if ( true !== $allowed ) {
			return $allowed;
		}
		$type = (string) $request['type'];
		if ( 'user' === $type ) {
			$capability = 'list_users';
		} else {
			$post_type  = get_post_type_object( $type );
			$capability = $post_type instanceof WP_Post_Type ? $post_type->cap->edit_posts : 'edit_posts';
		}
		if ( ! current_user_can( $capability ) ) {
			return new WP_Error(
				'rest_forbidden',
				__( 'Sorry, you are not allowed to look up these objects.', 'sfwp' ),
				array( 'status' => rest_authorization_required_code() )
			);
		}
		return true;
	}

	/**
	 * `POST /lookup`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function look_up( $request ) {
		$type   = (string) $request['type'];
		$field  = (string) $request['field'];
		$values = array_values(
			array_unique(
				array_filter(
					array_map( 'trim', array_map( 'strval', (array) $request['values'] ) ),
					'strlen'
				)
			)
		);
		if ( 'user' !== $type && ! in_array( $type, $this->settings->tracked_post_types(), true ) ) {
			return $this->invalid_params(
				/* translators: %s: object type. */
				array( 'type' => sprintf( __( '%s is neither user nor a post type sfwp tracks.', 'sfwp' ), $type ) )
			);
		}
		// Built (and the field checked) even without values, so a bad field is always an error.
		$compared = array() === $values ? array( '' ) : $values;
		$query    = 'user' === $type ? $this->user_query( $field, $compared ) : $this->post_query( $type, $field, $compared );
		if ( is_wp_error( $query ) ) {
			return $query;
		}
		$matches = array();
		if ( array() !== $values ) {
			global $wpdb;
			// The query is built by user_query()/post_query() with $wpdb->prepare().
			$rows = $wpdb->get_results( $query ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery
			foreach ( (array) $rows as $row ) {
				$matches[] = array(
					'id'    => (int) $row->id,
					'value' => (string) $row->value,
				);
			}
		}
		return rest_ensure_response( array( 'matches' => $matches ) );
	}

	/**
	 * The query for users.
	 *
	 * @param string   $field  Field.
	 * @param string[] $values Values.
	 * @return string|WP_Error
	 */
	private function user_query( string $field, array $values ) {
		global $wpdb;
		$in = implode( ', ', array_fill( 0, max( 1, count( $values ) ), '%s' ) );
		if ( isset( self::USER_COLUMNS[ $field ] ) ) {
			$column = self::USER_COLUMNS[ $field ];
			// $column comes from USER_COLUMNS, never from the request.
			return $wpdb->prepare( "SELECT ID AS id, {$column} AS value FROM {$wpdb->users} WHERE {$column} IN ({$in}) ORDER BY ID", $values ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		$key = $this->meta_key( $field, 'user', '' );
		if ( null === $key ) {
			return $this->unsupported( $field );
		}
		return $wpdb->prepare( "SELECT user_id AS id, meta_value AS value FROM {$wpdb->usermeta} WHERE meta_key = %s AND meta_value IN ({$in}) ORDER BY user_id", array_merge( array( $key ), $values ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * The query for posts of one type, leaving out the trash and auto-drafts.
	 *
	 * @param string   $type   Post type.
	 * @param string   $field  Field.
	 * @param string[] $values Values.
	 * @return string|WP_Error
	 */
	private function post_query( string $type, string $field, array $values ) {
		global $wpdb;
		$in    = implode( ', ', array_fill( 0, max( 1, count( $values ) ), '%s' ) );
		$where = "p.post_type = %s AND p.post_status NOT IN ('trash', 'auto-draft')";
		if ( isset( self::POST_COLUMNS[ $field ] ) ) {
			$column = self::POST_COLUMNS[ $field ];
			// $column comes from POST_COLUMNS, never from the request.
			return $wpdb->prepare( "SELECT p.ID AS id, p.{$column} AS value FROM {$wpdb->posts} p WHERE {$where} AND p.{$column} IN ({$in}) ORDER BY p.ID", array_merge( array( $type ), $values ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		$key = $this->meta_key( $field, 'post', $type );
		if ( null === $key ) {
			return $this->unsupported( $field );
		}
		return $wpdb->prepare( "SELECT p.ID AS id, m.meta_value AS value FROM {$wpdb->posts} p INNER JOIN {$wpdb->postmeta} m ON m.post_id = p.ID WHERE {$where} AND m.meta_key = %s AND m.meta_value IN ({$in}) ORDER BY p.ID", array_merge( array( $type, $key ), $values ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * The meta key of a `meta.<key>` field, when that key is registered and shown in the REST
	 * API for the object (as the `meta.<key>` of a REST object is); null for any other field.
	 *
	 * @param string $field       Field.
	 * @param string $object_type user or post.
	 * @param string $subtype     Post type, or '' for users.
	 * @return string|null
	 */
	private function meta_key( string $field, string $object_type, string $subtype ): ?string {
		if ( 0 !== strpos( $field, self::META_PREFIX ) ) {
			return null;
		}
		$key        = substr( $field, strlen( self::META_PREFIX ) );
		$registered = array_merge(
			get_registered_meta_keys( $object_type ),
			'' === $subtype ? array() : get_registered_meta_keys( $object_type, $subtype )
		);
		return isset( $registered[ $key ] ) && ! empty( $registered[ $key ]['show_in_rest'] ) ? $key : null;
	}

	/**
	 * The error for a field the route cannot compare.
	 *
	 * @param string $field Field.
	 * @return WP_Error
	 */
	private function unsupported( string $field ): WP_Error {
		return new WP_Error(
			'sfwp_lookup_field_unsupported',
			/* translators: %s: field name. */
			sprintf( __( 'The lookup route cannot compare the field %s.', 'sfwp' ), $field ),
			array( 'status' => 400 )
		);
	}
}
