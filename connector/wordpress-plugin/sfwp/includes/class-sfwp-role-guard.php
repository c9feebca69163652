<?php
/**
 * Guards users' roles against the connector's REST writes, and logs every role change it makes.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Roles reach WordPress from Salesforce as the `roles` of core's users route (`POST
 * /wp/v2/users`, `POST|PUT|PATCH /wp/v2/users/<id>`, also inside `/batch/v1` and
 * `sfwp/v1/bulk`, which dispatch through the same REST server). The connector checks a
 * mapping's allowlist first; this class is the defence in depth behind it. For a request whose
 * origin is the connector (SFWP_Origin):
 *
 * - a change of the roles of an administrator (a user with `manage_options`) or of the
 *   connector's own user is refused with `403 sfwp_role_change_refused`, before WordPress's
 *   permission check and handler run, and logged as refused;
 * - `roles` equal to the user's current roles are taken out of the request: core would
 *   otherwise remove and add them again (firing the role hooks for nothing);
 * - any other change is logged with the roles before and after once the handler is done.
 *
 * The log is SFWP_Role_Change_Log, shown under Tools → Salesforce Sync Log → Role changes.
 * Refusals inside `sfwp/v1/bulk` are written once the bulk request is done: a refused item is
 * rolled back to its savepoint, and its log entry must not go with it. A change is logged in
 * the item's own transaction, so it stays only if the change does.
 */
final class SFWP_Role_Guard {

	/**
	 * Error code of a refused change.
	 */
	const REFUSED = 'sfwp_role_change_refused';

	/**
	 * Route of the plugin's bulk writes, whose items run in one transaction.
	 */
	const BULK_ROUTE = '/sfwp/v1/bulk';

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Origin of this request's changes.
	 *
	 * @var SFWP_Origin
	 */
	private SFWP_Origin $origin;

	/**
	 * Role change log.
	 *
	 * @var SFWP_Role_Change_Log
	 */
	private SFWP_Role_Change_Log $log;

	/**
	 * Role writes under way: spl_object_id of the request => array( user id (0 for a new
	 * user), roles before ).
	 *
	 * @var array<int, array{0: int, 1: string[]}>
	 */
	private array $pending = array();

	/**
	 * Refusals to log when the request is done: arrays of user id, roles before, roles asked
	 * for, reason.
	 *
	 * @var array<int, array{0: int, 1: string[], 2: string[], 3: string}>
	 */
	private array $refusals = array();

	/**
	 * How many `sfwp/v1/bulk` requests are under way (their items run inside them).
	 *
	 * @var int
	 */
	private int $bulk_depth = 0;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings        $settings Settings.
	 * @param SFWP_Origin          $origin   Origin of this request's changes.
	 * @param SFWP_Role_Change_Log $log      Role change log.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Origin $origin, SFWP_Role_Change_Log $log ) {
		$this->settings = $settings;
		$this->origin   = $origin;
		$this->log      = $log;
	}

	/**
	 * Adds the hooks; the check runs before the write precondition takes its lock (10).
	 */
	public function register(): void {
		add_filter( 'rest_request_before_callbacks', array( $this, 'check' ), 5, 3 );
		add_filter( 'rest_request_after_callbacks', array( $this, 'log_change' ), 10, 3 );
		add_filter( 'rest_post_dispatch', array( $this, 'log_refusals' ) );
		add_action( 'shutdown', array( $this, 'log_refusals' ) );
	}

	/**
	 * Writes the refusals of this request to the log, unless a bulk request is still under way.
	 *
	 * @param mixed $response The REST answer on `rest_post_dispatch`; nothing on `shutdown`.
	 * @return mixed The answer, unchanged.
	 */
	public function log_refusals( $response = null ) {
		if ( $this->bulk_depth > 0 ) {
			return $response;
		}
		$refusals       = $this->refusals;
		$this->refusals = array();
		foreach ( $refusals as list( $user_id, $before, $asked, $reason ) ) {
			$this->log->add( $user_id, $before, $asked, SFWP_Role_Change_Log::REFUSED, $reason );
		}
		return $response;
	}

	/**
	 * Before a REST handler runs: refuses a connector change of a protected user's roles, drops
	 * unchanged roles, and notes the roles before the write.
	 *
	 * @param mixed           $response Result so far (a WP_Error stops the request).
	 * @param array           $handler  Route handler.
	 * @param WP_REST_Request $request  Request.
	 * @return mixed
	 */
	public function check( $response, $handler, $request ) {
		if ( $request instanceof WP_REST_Request && self::BULK_ROUTE === $request->get_route() ) {
			++$this->bulk_depth;
		}
		if ( is_wp_error( $response ) || ! $request instanceof WP_REST_Request || ! $this->is_role_write( $request ) ) {
			return $response;
		}
		if ( SFWP_Origin::CONNECTOR !== $this->origin->current() ) {
			return $response;
		}
		$requested = self::role_list( (array) $request->get_param( 'roles' ) );
		$user_id   = $this->target( $request );
		if ( 0 === $user_id ) {
			$this->pending[ spl_object_id( $request ) ] = array( 0, array() );
			return $response;
		}
		$user = get_userdata( $user_id );
		if ( false === $user ) {
			return $response;
		}
		$before = self::role_list( $user->roles );
		if ( $before === $requested ) {
			unset( $request['roles'] );
			return $response;
		}
		$reason = $this->protection_of( $user );
		if ( '' !== $reason ) {
			$this->refusals[] = array( $user_id, $before, $requested, $reason );
			return new WP_Error(
				self::REFUSED,
				'administrator' === $reason
					/* translators: %d: User id. */
					? sprintf( __( 'User %d is an administrator; the connector never changes the roles of an administrator.', 'sfwp' ), $user_id )
					/* translators: %d: User id. */
					: sprintf( __( "User %d is the connector's own user; the connector never changes its own roles.", 'sfwp' ), $user_id ),
				array( 'status' => 403 )
			);
		}
		$this->pending[ spl_object_id( $request ) ] = array( $user_id, $before );
		return $response;
	}

	/**
	 * After a REST handler ran: logs the change it made, if any.
	 *
	 * @param mixed           $response Result.
	 * @param array           $handler  Route handler.
	 * @param WP_REST_Request $request  Request.
	 * @return mixed The result, unchanged.
	 */
	public function log_change( $response, $handler, $request ) {
		if ( $request instanceof WP_REST_Request && self::BULK_ROUTE === $request->get_route() && $this->bulk_depth > 0 ) {
			--$this->bulk_depth;
			$this->log_refusals();
		}
		$key = is_object( $request ) ? spl_object_id( $request ) : null;
		if ( null === $key || ! isset( $this->pending[ $key ] ) ) {
			return $response;
		}
		list( $user_id, $before ) = $this->pending[ $key ];
		unset( $this->pending[ $key ] );
		if ( 0 === $user_id && $response instanceof WP_REST_Response ) {
			$data    = $response->get_data();
			$user_id = is_array( $data ) && isset( $data['id'] ) ? (int) $data['id'] : 0;
		}
		$user = $user_id > 0 ? get_userdata( $user_id ) : false;
		if ( false === $user ) {
			return $response;
		}
		$after = self::role_list( $user->roles );
		if ( $after !== $before ) {
			$this->log->add( $user_id, $before, $after, SFWP_Role_Change_Log::CHANGED );
		}
		return $response;
	}

	/**
	 * Why a user's roles are out of the connector's reach: `administrator`, `connector_user`, or
	 * '' when they are not.
	 *
	 * @param WP_User $user User.
	 * @return string
	 */
	private function protection_of( WP_User $user ): string {
		if ( user_can( $user, 'manage_options' ) ) {
			return 'administrator';
		}
		$connector_user_id = (int) $this->settings->get( 'connector_user_id' );
		if ( $user->ID === get_current_user_id() || ( $connector_user_id > 0 && $user->ID === $connector_user_id ) ) {
			return 'connector_user';
		}
		return '';
	}

	/**
	 * Whether a request writes roles through core's users route.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return bool
	 */
	private function is_role_write( WP_REST_Request $request ): bool {
		return in_array( $request->get_method(), array( 'POST', 'PUT', 'PATCH' ), true )
			&& 1 === preg_match( '#^/wp/v2/users(?:/(?:\d+|me))?$#', $request->get_route() )
			&& is_array( $request->get_param( 'roles' ) );
	}

	/**
	 * The user a request writes: its id, the current user for `me`, 0 for a new user.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return int
	 */
	private function target( WP_REST_Request $request ): int {
		if ( '/wp/v2/users/me' === $request->get_route() ) {
			return get_current_user_id();
		}
		return (int) $request->get_param( 'id' );
	}

	/**
	 * Roles as a sorted list without repeats, for comparing.
	 *
	 * @param array $roles Role slugs.
	 * @return string[]
	 */
	private static function role_list( array $roles ): array {
		$list = array_values( array_unique( array_map( 'strval', array_values( $roles ) ) ) );
		sort( $list );
		return $list;
	}
}
