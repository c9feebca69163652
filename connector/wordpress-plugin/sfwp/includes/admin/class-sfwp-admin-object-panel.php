<?php
/**
 * The "Salesforce" panel on user screens and the meta box on mapped post types.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Shows one object's link: the Salesforce record (linked), the last sync, the open dead letters,
 * and Sync now. On the profile and user-edit screens it is a section of the form; on post edit
 * screens a side meta box (the block editor shows meta boxes too).
 */
final class SFWP_Admin_Object_Panel {

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Connector answers.
	 *
	 * @var SFWP_Admin_Connector_View
	 */
	private SFWP_Admin_Connector_View $connector;

	/**
	 * Sync now.
	 *
	 * @var SFWP_Admin_Sync_Actions
	 */
	private SFWP_Admin_Sync_Actions $actions;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings             $settings  Settings.
	 * @param SFWP_Admin_Connector_View $connector Connector answers.
	 * @param SFWP_Admin_Sync_Actions   $actions   Sync now.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Admin_Connector_View $connector, SFWP_Admin_Sync_Actions $actions ) {
		$this->settings  = $settings;
		$this->connector = $connector;
		$this->actions   = $actions;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'show_user_profile', array( $this, 'render_user_section' ) );
		add_action( 'edit_user_profile', array( $this, 'render_user_section' ) );
		add_action( 'add_meta_boxes', array( $this, 'add_meta_box' ), 10, 2 );
	}

	/**
	 * The section on profile.php and user-edit.php.
	 *
	 * @param WP_User $user The user shown.
	 */
	public function render_user_section( $user ): void {
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			return;
		}
		echo '<h2 id="sfwp-salesforce">' . esc_html__( 'Salesforce', 'sfwp' ) . '</h2>';
		echo '<div class="sfwp-panel" data-sfwp-type="user" data-sfwp-id="' . esc_attr( (string) $user->ID ) . '">';
		$this->render( SFWP_Change_Recorder::USER, (int) $user->ID );
		echo '</div>';
	}

	/**
	 * Adds the meta box to tracked post types, for users with the capability.
	 *
	 * @param string $post_type Post type of the screen.
	 * @param mixed  $post      Post being edited.
	 */
	public function add_meta_box( $post_type, $post = null ): void {
		if ( ! is_string( $post_type ) || ! $this->settings->is_tracked_post_type( $post_type ) || ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			return;
		}
		add_meta_box( 'sfwp-salesforce', __( 'Salesforce', 'sfwp' ), array( $this, 'render_meta_box' ), $post_type, 'side' );
	}

	/**
	 * The meta box.
	 *
	 * @param WP_Post $post Post being edited.
	 */
	public function render_meta_box( $post ): void {
		echo '<div class="sfwp-panel" data-sfwp-type="' . esc_attr( $post->post_type ) . '" data-sfwp-id="' . esc_attr( (string) $post->ID ) . '">';
		if ( 'auto-draft' === $post->post_status ) {
			echo '<p>' . esc_html__( 'Save the post first; the connector syncs it then.', 'sfwp' ) . '</p></div>';
			return;
		}
		$this->render( $post->post_type, (int) $post->ID );
		echo '</div>';
	}

	/**
	 * The panel's content for one object.
	 *
	 * @param string $type `user` or a post type slug.
	 * @param int    $id   Object id.
	 */
	private function render( string $type, int $id ): void {
		$statuses = $this->connector->link_statuses( $type, array( $id ) );
		$status   = is_wp_error( $statuses ) ? array() : (array) ( $statuses[ $id ] ?? array() );
		if ( is_wp_error( $statuses ) ) {
			echo '<p class="sfwp-unavailable">' . esc_html__( 'The connector could not be asked:', 'sfwp' ) . ' ' . esc_html( $statuses->get_error_message() ) . '</p>';
		} else {
			$this->render_status( $status );
		}
		if ( false === ( $status['syncsToSalesforce'] ?? null ) ) {
			echo '<p class="description sfwp-from-salesforce">' . esc_html__( 'This type is synced from Salesforce only; change it there.', 'sfwp' ) . '</p>';
		} elseif ( $this->actions->can_sync( $type, $id ) ) {
			printf(
				'<p><a class="button sfwp-sync-now" href="%1$s">%2$s</a></p>',
				esc_url( SFWP_Admin_Sync_Actions::sync_url( $type, $id ) ),
				esc_html__( 'Sync now', 'sfwp' )
			);
		}
	}

	/**
	 * The link, last sync and dead letters.
	 *
	 * @param array<string, mixed> $status The connector's link status of the object.
	 */
	private function render_status( array $status ): void {
		$state = (string) ( $status['state'] ?? 'not-linked' );
		echo '<table class="form-table sfwp-link" role="presentation"><tbody>';
		$this->row( __( 'Status', 'sfwp' ), '<span class="sfwp-state sfwp-state-' . esc_attr( $state ) . '">' . esc_html( SFWP_Admin_List_Tables::state_label( $state ) ) . '</span>' );
		$salesforce_id = (string) ( $status['salesforceId'] ?? '' );
		if ( '' !== $salesforce_id ) {
			$url = (string) ( $status['recordUrl'] ?? '' );
			$this->row(
				__( 'Salesforce record', 'sfwp' ),
				'' === $url
					? '<code class="sfwp-salesforce-id">' . esc_html( $salesforce_id ) . '</code>'
					: '<a class="sfwp-salesforce-id" href="' . esc_url( $url ) . '" target="_blank" rel="noopener noreferrer">' . esc_html( $salesforce_id ) . '</a>'
			);
		}
		if ( ! empty( $status['lastSyncAt'] ) ) {
			$this->row( __( 'Last sync', 'sfwp' ), '<time class="sfwp-last-sync" datetime="' . esc_attr( (string) $status['lastSyncAt'] ) . '">' . esc_html( self::local_time( (string) $status['lastSyncAt'] ) ) . '</time> <span class="sfwp-last-status">' . esc_html( (string) ( $status['lastStatus'] ?? '' ) ) . '</span>' );
			$this->row( __( 'Message', 'sfwp' ), '<span class="sfwp-last-message">' . esc_html( (string) ( $status['lastMessage'] ?? '' ) ) . '</span>' );
		}
		$letters = (array) ( $status['openDeadLetters'] ?? array() );
		$this->row( __( 'Open dead letters', 'sfwp' ), '<span class="sfwp-dead-letter-count">' . esc_html( number_format_i18n( count( $letters ) ) ) . '</span>' );
		echo '</tbody></table>';
		if ( array() !== $letters ) {
			echo '<ul class="sfwp-dead-letters">';
			foreach ( $letters as $letter ) {
				printf(
					'<li><code>%1$s</code> %2$s <em>%3$s</em></li>',
					esc_html( (string) ( $letter['errorCode'] ?? '' ) ),
					esc_html( (string) ( $letter['errorMessage'] ?? '' ) ),
					esc_html( self::local_time( (string) ( $letter['lastFailedAt'] ?? '' ) ) )
				);
			}
			echo '</ul>';
		}
	}

	/**
	 * One row of the panel's table; `$html` is already escaped.
	 *
	 * @param string $label Label.
	 * @param string $html  Escaped value.
	 */
	private function row( string $label, string $html ): void {
		echo '<tr><th scope="row">' . esc_html( $label ) . '</th><td>' . $html . '</td></tr>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by the caller.
	}

	/**
	 * An ISO 8601 time in the site's time zone and format.
	 *
	 * @param string $iso UTC time.
	 * @return string
	 */
	public static function local_time( string $iso ): string {
		$time = strtotime( $iso );
		if ( false === $time ) {
			return $iso;
		}
		return wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $time );
	}
}
