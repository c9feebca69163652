<?php
/**
 * Settings → Salesforce Sync.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The status page: the connector's health (its last heartbeat and, when it answers, its live
 * status), the change feed, the mappings it loaded (read-only, edited in Salesforce), the
 * shared secret's source (never its value) and the settings form. Seen with `sfwp_sync`;
 * settings changed with `manage_options`.
 */
final class SFWP_Admin_Status_Page {

	/**
	 * Page slug.
	 */
	const SLUG = 'sfwp-sync';

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Change storage.
	 *
	 * @var SFWP_Change_Store
	 */
	private SFWP_Change_Store $store;

	/**
	 * Connector answers.
	 *
	 * @var SFWP_Admin_Connector_View
	 */
	private SFWP_Admin_Connector_View $connector;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings             $settings  Settings.
	 * @param SFWP_Change_Store         $store     Change storage.
	 * @param SFWP_Admin_Connector_View $connector Connector answers.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Change_Store $store, SFWP_Admin_Connector_View $connector ) {
		$this->settings  = $settings;
		$this->store     = $store;
		$this->connector = $connector;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
	}

	/**
	 * Adds the page under Settings.
	 */
	public function add_page(): void {
		add_options_page( __( 'Salesforce Sync', 'sfwp' ), __( 'Salesforce Sync', 'sfwp' ), SFWP_Capabilities::CAPABILITY, self::SLUG, array( $this, 'render' ) );
	}

	/**
	 * The page.
	 */
	public function render(): void {
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to see the Salesforce sync.', 'sfwp' ), 403 );
		}
		$beat   = SFWP_REST_Heartbeat_Controller::last();
		$status = $this->connector->status();
		echo '<div class="wrap sfwp-status"><h1>' . esc_html__( 'Salesforce Sync', 'sfwp' ) . '</h1>';
		$this->render_connection( $beat, $status );
		$this->render_feed();
		$this->render_mappings( $beat, $status );
		$this->render_secret();
		$this->render_settings();
		echo '</div>';
	}

	/**
	 * Connection health.
	 *
	 * @param array<string, mixed>|null     $beat   Last heartbeat.
	 * @param array<string, mixed>|WP_Error $status Live status.
	 */
	private function render_connection( ?array $beat, $status ): void {
		echo '<h2>' . esc_html__( 'Connection', 'sfwp' ) . '</h2><table class="form-table sfwp-connection" role="presentation"><tbody>';
		$live  = is_array( $status );
		$state = $live ? (string) ( $status['state'] ?? '' ) : ( null === $beat ? '' : (string) $beat['state'] );
		if ( ! $live ) {
			$state = '' === $state || null === $beat || $this->is_stale( $beat ) ? 'unavailable' : $state;
		}
		$this->row( 'state', __( 'State', 'sfwp' ), '<span class="sfwp-connector-state sfwp-state-' . esc_attr( $state ) . '">' . esc_html( $state ) . '</span>' );
		if ( ! $live ) {
			$this->row( 'error', __( 'Live status', 'sfwp' ), esc_html( $status->get_error_message() ) );
		}
		$reason = $live ? (string) ( $status['reason'] ?? '' ) : (string) ( $beat['reason'] ?? '' );
		if ( '' !== $reason ) {
			$this->row( 'reason', __( 'Reason', 'sfwp' ), esc_html( $reason ) );
		}
		$version = $live ? (string) ( $status['version'] ?? '' ) : (string) ( $beat['version'] ?? '' );
		$this->row( 'version', __( 'Connector version', 'sfwp' ), esc_html( '' === $version ? '—' : $version ) );
		$lag = $live ? ( $status['intake']['lagMs'] ?? null ) : ( $beat['lag_ms'] ?? null );
		$this->row( 'lag', __( 'Lag (Salesforce → WordPress)', 'sfwp' ), esc_html( null === $lag ? '—' : number_format_i18n( (float) $lag ) . ' ms' ) );
		$open = $live ? ( $status['deadLetters']['open'] ?? null ) : ( $beat['dead_letters_open'] ?? null );
		$this->row( 'dead-letters', __( 'Open dead letters', 'sfwp' ), esc_html( null === $open ? '—' : number_format_i18n( (int) $open ) ) );
		$this->row(
			'heartbeat',
			__( 'Last heartbeat', 'sfwp' ),
			null === $beat
				? esc_html__( 'The connector has not sent one yet.', 'sfwp' )
				: '<time datetime="' . esc_attr( (string) $beat['received_at'] ) . '">' . esc_html( SFWP_Admin_Object_Panel::local_time( (string) $beat['received_at'] ) ) . '</time>'
					/* translators: %s: time since the heartbeat, e.g. "2 mins". */
					. ' ' . esc_html( sprintf( __( '(%s ago)', 'sfwp' ), human_time_diff( (int) strtotime( (string) $beat['received_at'] ) ) ) )
		);
		$audit = $live ? ( $status['audit'] ?? null ) : ( $beat['audit'] ?? null );
		$this->row( 'audit', __( 'Latest drift audit', 'sfwp' ), $this->audit_html( is_array( $audit ) ? $audit : null ) );
		echo '</tbody></table>';
	}

	/**
	 * The latest drift audit's summary (from the live status, else the last heartbeat), escaped.
	 *
	 * @param array<string, mixed>|null $audit The summary: pairsChecked, pairsDiffering, goneLinks,
	 *                                         unlinkedMatches, incomplete, finishedAt, differingByField.
	 * @return string
	 */
	private function audit_html( ?array $audit ): string {
		if ( null === $audit || ! isset( $audit['pairsChecked'] ) ) {
			return esc_html__( 'No audit has run yet. Run one with sfwp audit, or the Audit command in the Salesforce admin app.', 'sfwp' );
		}
		$count = static function ( string $key ) use ( $audit ): string {
			return number_format_i18n( (int) ( $audit[ $key ] ?? 0 ) );
		};
		$html = esc_html(
			sprintf(
				/* translators: 1: pairs checked, 2: pairs differing, 3: links with a side gone, 4: unlinked matches. */
				__( '%1$s pairs checked, %2$s differing, %3$s links with a side gone, %4$s unlinked matches', 'sfwp' ),
				$count( 'pairsChecked' ),
				$count( 'pairsDiffering' ),
				$count( 'goneLinks' ),
				$count( 'unlinkedMatches' )
			)
		);
		$fields = array();
		foreach ( (array) ( $audit['differingByField'] ?? array() ) as $field => $pairs ) {
			$fields[] = sprintf( '%s %s', (string) $field, number_format_i18n( (int) $pairs ) );
		}
		if ( array() !== $fields ) {
			/* translators: %s: fields with the number of pairs differing on each, e.g. "Contact_User.LastName 3". */
			$html .= '<br><span class="sfwp-audit-fields">' . esc_html( sprintf( __( 'Differing fields: %s', 'sfwp' ), implode( ', ', $fields ) ) ) . '</span>';
		}
		if ( (int) ( $audit['incomplete'] ?? 0 ) > 0 ) {
			$html .= '<br><span class="sfwp-audit-incomplete">' . esc_html__( 'Incomplete: the audit stopped early for some mappings (see the connector log).', 'sfwp' ) . '</span>';
		}
		$finished = (string) ( $audit['finishedAt'] ?? '' );
		$time     = strtotime( $finished );
		if ( false !== $time ) {
			/* translators: %s: time since the audit finished, e.g. "2 hours". */
			$html .= '<br><time datetime="' . esc_attr( $finished ) . '">' . esc_html( sprintf( __( 'Finished %s ago', 'sfwp' ), human_time_diff( $time ) ) ) . '</time>';
		}
		return $html;
	}

	/**
	 * Whether a heartbeat is older than three default heartbeat intervals.
	 *
	 * @param array<string, mixed> $beat Heartbeat.
	 * @return bool
	 */
	private function is_stale( array $beat ): bool {
		return time() - (int) strtotime( (string) $beat['received_at'] ) > 3 * MINUTE_IN_SECONDS;
	}

	/**
	 * The change feed.
	 */
	private function render_feed(): void {
		$acked  = $this->store->acked_cursor();
		$oldest = $this->store->oldest_pending_at();
		$ack_at = $this->store->acked_at();
		echo '<h2>' . esc_html__( 'Change feed', 'sfwp' ) . '</h2><table class="form-table sfwp-feed" role="presentation"><tbody>';
		$this->row( 'backlog', __( 'Backlog', 'sfwp' ), esc_html( number_format_i18n( $this->store->count_after( $acked ) ) ) );
		$this->row( 'oldest', __( 'Oldest unacknowledged change', 'sfwp' ), esc_html( null === $oldest ? '—' : SFWP_Admin_Object_Panel::local_time( $oldest . ' UTC' ) ) );
		$this->row( 'acked', __( 'Last acknowledgement', 'sfwp' ), esc_html( null === $ack_at ? '—' : SFWP_Admin_Object_Panel::local_time( $ack_at ) ) . ' <span class="description">' . esc_html( sprintf( /* translators: %d: cursor. */ __( '(cursor %d)', 'sfwp' ), $acked ) ) . '</span>' );
		echo '</tbody></table>';
	}

	/**
	 * The mappings the connector loaded, with links to Salesforce.
	 *
	 * @param array<string, mixed>|null     $beat   Last heartbeat.
	 * @param array<string, mixed>|WP_Error $status Live status.
	 */
	private function render_mappings( ?array $beat, $status ): void {
		$live     = is_array( $status );
		$loaded   = $live ? (array) ( $status['mappings']['loaded'] ?? array() ) : (array) ( $beat['mappings'] ?? array() );
		$skipped  = $live ? (array) ( $status['mappings']['skipped'] ?? array() ) : array();
		$instance = $live ? (string) ( $status['salesforce']['instanceUrl'] ?? '' ) : (string) ( $beat['instance_url'] ?? '' );
		echo '<h2>' . esc_html__( 'Mappings', 'sfwp' ) . '</h2>';
		echo '<p>' . esc_html__( 'Mappings are kept in Salesforce and shown here read-only.', 'sfwp' );
		if ( '' !== $instance ) {
			printf( ' <a href="%1$s" target="_blank" rel="noopener noreferrer">%2$s</a>', esc_url( rtrim( $instance, '/' ) . '/lightning/n/WordPress_Sync' ), esc_html__( 'Open the WordPress Sync app in Salesforce', 'sfwp' ) );
		}
		echo '</p><table class="widefat striped sfwp-mappings"><thead><tr><th>' . esc_html__( 'Mapping', 'sfwp' ) . '</th><th>' . esc_html__( 'State', 'sfwp' ) . '</th><th></th></tr></thead><tbody>';
		$edit = '' === $instance ? '' : rtrim( $instance, '/' ) . '/lightning/setup/CustomMetadata/home';
		foreach ( $loaded as $name ) {
			$this->mapping_row( (string) $name, __( 'Loaded', 'sfwp' ), $edit );
		}
		foreach ( $skipped as $problem ) {
			$this->mapping_row( (string) ( $problem['mapping'] ?? '' ), __( 'Skipped:', 'sfwp' ) . ' ' . (string) ( $problem['message'] ?? '' ), $edit );
		}
		if ( array() === $loaded && array() === $skipped ) {
			echo '<tr><td colspan="3">' . esc_html__( 'No mappings known yet.', 'sfwp' ) . '</td></tr>';
		}
		echo '</tbody></table>';
	}

	/**
	 * One mapping.
	 *
	 * @param string $name  Mapping name.
	 * @param string $state What the connector did with it.
	 * @param string $edit  Where it is edited, or ''.
	 */
	private function mapping_row( string $name, string $state, string $edit ): void {
		printf(
			'<tr><td><code>%1$s</code></td><td>%2$s</td><td>%3$s</td></tr>',
			esc_html( $name ),
			esc_html( $state ),
			'' === $edit ? '' : '<a href="' . esc_url( $edit ) . '" target="_blank" rel="noopener noreferrer">' . esc_html__( 'Edit in Salesforce', 'sfwp' ) . '</a>'
		);
	}

	/**
	 * Where the shared secret comes from.
	 */
	private function render_secret(): void {
		$source = $this->settings->shared_secret_source();
		$labels = array(
			'constant' => __( 'Set in wp-config.php (SFWP_SHARED_SECRET)', 'sfwp' ),
			'option'   => __( 'Set in the database', 'sfwp' ),
		);
		echo '<h2>' . esc_html__( 'Shared secret', 'sfwp' ) . '</h2><p class="sfwp-secret sfwp-secret-' . esc_attr( $source ?? 'missing' ) . '">';
		echo esc_html( $labels[ $source ] ?? __( 'Missing: the connector cannot sign its calls and this page cannot ask it anything.', 'sfwp' ) );
		echo '</p>';
	}

	/**
	 * The settings form, or a note for users who may only look.
	 */
	private function render_settings(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			echo '<h2>' . esc_html__( 'Settings', 'sfwp' ) . '</h2><p>' . esc_html__( 'Only administrators can change the settings.', 'sfwp' ) . '</p>';
			return;
		}
		echo '<form method="post" action="' . esc_url( admin_url( 'options.php' ) ) . '" class="sfwp-settings">';
		settings_fields( SFWP_Admin_Settings_Form::GROUP );
		do_settings_sections( self::SLUG );
		submit_button();
		echo '</form>';
	}

	/**
	 * One row; `$html` is already escaped.
	 *
	 * @param string $key   Row key (a class for tests and styles).
	 * @param string $label Label.
	 * @param string $html  Escaped value.
	 */
	private function row( string $key, string $label, string $html ): void {
		echo '<tr class="sfwp-row-' . esc_attr( $key ) . '"><th scope="row">' . esc_html( $label ) . '</th><td>' . $html . '</td></tr>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by the caller.
	}
}
