<?php
/**
 * Tools → Salesforce Sync Log.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Two views: the failures of WordPress objects the connector keeps (its dead letters), newest
 * first, with filters by status and object type, paging, and Retry for the open ones; and the
 * recent results of every sync of a WordPress object (successes included), which the connector
 * reads from Salesforce's WP_Sync_Log__c (SFWP_Admin_Results_View); and the role changes the
 * connector made or was refused (SFWP_Admin_Role_Changes_View).
 */
final class SFWP_Admin_Log_Page {

	/**
	 * Page slug.
	 */
	const SLUG = 'sfwp-sync-log';

	/**
	 * Rows per page.
	 */
	const PER_PAGE = 20;

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
	 * Constructor.
	 *
	 * @param SFWP_Settings             $settings  Settings.
	 * @param SFWP_Admin_Connector_View $connector Connector answers.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Admin_Connector_View $connector ) {
		$this->settings  = $settings;
		$this->connector = $connector;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
	}

	/**
	 * Adds the page under Tools.
	 */
	public function add_page(): void {
		add_management_page( __( 'Salesforce Sync Log', 'sfwp' ), __( 'Salesforce Sync Log', 'sfwp' ), SFWP_Capabilities::CAPABILITY, self::SLUG, array( $this, 'render' ) );
	}

	/**
	 * The filters asked for (a read-only listing, like core's list filters).
	 *
	 * @return array{status: string, type: string, page: int}
	 */
	private function filters(): array {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended
		$status = isset( $_GET['status'] ) ? sanitize_key( wp_unslash( $_GET['status'] ) ) : 'open';
		$type   = isset( $_GET['object_type'] ) ? sanitize_key( wp_unslash( $_GET['object_type'] ) ) : '';
		$page   = isset( $_GET['paged'] ) ? max( 1, absint( $_GET['paged'] ) ) : 1;
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		return array(
			'status' => in_array( $status, array( 'open', 'retried', 'dropped', 'all' ), true ) ? $status : 'open',
			'type'   => in_array( $type, $this->types(), true ) ? $type : '',
			'page'   => $page,
		);
	}

	/**
	 * Object types the filter offers.
	 *
	 * @return string[]
	 */
	private function types(): array {
		return array_merge( array( SFWP_Change_Recorder::USER ), $this->settings->tracked_post_types() );
	}

	/**
	 * The page.
	 */
	public function render(): void {
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to see the Salesforce sync log.', 'sfwp' ), 403 );
		}
		echo '<div class="wrap sfwp-log"><h1>' . esc_html__( 'Salesforce Sync Log', 'sfwp' ) . '</h1>';
		$results = new SFWP_Admin_Results_View( $this->connector, $this->types(), self::SLUG );
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a read-only view switch.
		$view = isset( $_GET['view'] ) ? sanitize_key( wp_unslash( $_GET['view'] ) ) : 'failures';
		$view = in_array( $view, array( 'results', 'roles' ), true ) ? $view : 'failures';
		$this->render_views( $view );
		if ( 'results' === $view ) {
			$results->render();
			echo '</div>';
			return;
		}
		if ( 'roles' === $view ) {
			( new SFWP_Admin_Role_Changes_View( new SFWP_Role_Change_Log() ) )->render();
			echo '</div>';
			return;
		}
		$filters = $this->filters();
		echo '<p>' . esc_html__( 'Failed syncs of WordPress users and posts, as the connector keeps them, with Retry for the open ones.', 'sfwp' ) . '</p>';
		$this->render_filters( $filters );
		$answer = $this->connector->outcomes(
			array(
				'status'   => $filters['status'],
				'type'     => $filters['type'],
				'page'     => $filters['page'],
				'per_page' => self::PER_PAGE,
			)
		);
		if ( is_wp_error( $answer ) ) {
			echo '<div class="notice notice-error inline"><p>' . esc_html__( 'The connector could not be asked:', 'sfwp' ) . ' ' . esc_html( $answer->get_error_message() ) . '</p></div></div>';
			return;
		}
		$this->render_table( (array) $answer['items'] );
		$this->render_paging( (int) $answer['total'], $filters['page'] );
		echo '</div>';
	}

	/**
	 * The links between the two views.
	 *
	 * @param string $current failures or results.
	 */
	private function render_views( string $current ): void {
		$views = array(
			'failures' => __( 'Failures', 'sfwp' ),
			'results'  => __( 'Recent results', 'sfwp' ),
			'roles'    => __( 'Role changes', 'sfwp' ),
		);
		$links = array();
		foreach ( $views as $view => $label ) {
			$url     = add_query_arg(
				array(
					'page' => self::SLUG,
					'view' => $view,
				),
				admin_url( 'tools.php' )
			);
			$links[] = sprintf( '<li><a href="%1$s"%2$s>%3$s</a></li>', esc_url( $url ), $current === $view ? ' class="current" aria-current="page"' : '', esc_html( $label ) );
		}
		echo '<ul class="subsubsub sfwp-log-views">' . implode( ' | ', $links ) . '</ul><br class="clear">'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- each part escaped above.
	}

	/**
	 * Status and type filters, as a GET form.
	 *
	 * @param array{status: string, type: string, page: int} $filters Current filters.
	 */
	private function render_filters( array $filters ): void {
		$statuses = array(
			'open'    => __( 'Open', 'sfwp' ),
			'retried' => __( 'Retried', 'sfwp' ),
			'dropped' => __( 'Dropped', 'sfwp' ),
			'all'     => __( 'All', 'sfwp' ),
		);
		echo '<form method="get" class="sfwp-log-filters"><input type="hidden" name="page" value="' . esc_attr( self::SLUG ) . '">';
		echo '<label for="sfwp-status">' . esc_html__( 'Status', 'sfwp' ) . '</label> <select id="sfwp-status" name="status">';
		foreach ( $statuses as $value => $label ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $value ), selected( $filters['status'], $value, false ), esc_html( $label ) );
		}
		echo '</select> <label for="sfwp-object-type">' . esc_html__( 'Type', 'sfwp' ) . '</label> <select id="sfwp-object-type" name="object_type"><option value="">' . esc_html__( 'All types', 'sfwp' ) . '</option>';
		foreach ( $this->types() as $type ) {
			printf( '<option value="%1$s"%2$s>%1$s</option>', esc_attr( $type ), selected( $filters['type'], $type, false ) );
		}
		echo '</select> ';
		submit_button( __( 'Filter', 'sfwp' ), '', 'filter', false );
		echo '</form>';
	}

	/**
	 * The rows.
	 *
	 * @param array<int, array<string, mixed>> $items Failures.
	 */
	private function render_table( array $items ): void {
		$headers = array( __( 'Object', 'sfwp' ), __( 'Mapping', 'sfwp' ), __( 'Salesforce record', 'sfwp' ), __( 'Status', 'sfwp' ), __( 'Error', 'sfwp' ), __( 'Attempts', 'sfwp' ), __( 'Last failed', 'sfwp' ), '' );
		echo '<table class="wp-list-table widefat fixed striped sfwp-log-table"><thead><tr>';
		foreach ( $headers as $header ) {
			echo '<th scope="col">' . esc_html( $header ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		if ( array() === $items ) {
			echo '<tr class="no-items"><td colspan="8">' . esc_html__( 'Nothing failed.', 'sfwp' ) . '</td></tr>';
		}
		foreach ( $items as $item ) {
			$this->render_item( $item );
		}
		echo '</tbody></table>';
	}

	/**
	 * One failure.
	 *
	 * @param array<string, mixed> $item Failure.
	 */
	private function render_item( array $item ): void {
		$type = (string) ( $item['type'] ?? '' );
		$id   = (int) $item['wordpressId'];
		$edit = SFWP_Change_Recorder::USER === $type ? get_edit_user_link( $id ) : get_edit_post_link( $id, 'url' );
		$sf   = (string) ( $item['salesforceId'] ?? '' );
		$url  = (string) ( $item['recordUrl'] ?? '' );
		echo '<tr class="sfwp-log-row" data-sfwp-id="' . esc_attr( (string) $id ) . '" data-sfwp-type="' . esc_attr( $type ) . '">';
		printf( '<td>%s</td>', empty( $edit ) ? esc_html( $type . ' ' . $id ) : '<a href="' . esc_url( $edit ) . '">' . esc_html( $type . ' ' . $id ) . '</a>' );
		printf( '<td><code>%s</code></td>', esc_html( (string) $item['mapping'] ) );
		printf( '<td>%s</td>', '' === $url ? esc_html( $sf ) : '<a href="' . esc_url( $url ) . '" target="_blank" rel="noopener noreferrer">' . esc_html( $sf ) . '</a>' );
		printf( '<td class="sfwp-log-status">%s</td>', esc_html( (string) $item['status'] ) );
		printf( '<td><code>%1$s</code> %2$s</td>', esc_html( (string) $item['errorCode'] ), esc_html( (string) $item['errorMessage'] ) );
		printf( '<td>%s</td>', esc_html( number_format_i18n( (int) $item['attempts'] ) ) );
		printf( '<td>%s</td>', esc_html( SFWP_Admin_Object_Panel::local_time( (string) $item['lastFailedAt'] ) ) );
		echo '<td>';
		if ( 'open' === $item['status'] ) {
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
			wp_nonce_field( SFWP_Admin_Sync_Actions::RETRY_ACTION );
			echo '<input type="hidden" name="action" value="' . esc_attr( SFWP_Admin_Sync_Actions::RETRY_ACTION ) . '">';
			echo '<input type="hidden" name="mapping" value="' . esc_attr( (string) $item['mapping'] ) . '">';
			echo '<input type="hidden" name="id" value="' . esc_attr( (string) $id ) . '">';
			submit_button( __( 'Retry', 'sfwp' ), 'small sfwp-retry', 'submit', false );
			echo '</form>';
		}
		echo '</td></tr>';
	}

	/**
	 * Page links.
	 *
	 * @param int $total   Failures matching the filters.
	 * @param int $current Current page.
	 */
	private function render_paging( int $total, int $current ): void {
		$pages = (int) ceil( $total / self::PER_PAGE );
		/* translators: %s: number of failures. */
		echo '<div class="tablenav bottom"><div class="tablenav-pages"><span class="displaying-num">' . esc_html( sprintf( _n( '%s item', '%s items', $total, 'sfwp' ), number_format_i18n( $total ) ) ) . '</span> ';
		echo wp_kses_post(
			(string) paginate_links(
				array(
					'base'    => add_query_arg( 'paged', '%#%' ),
					'format'  => '',
					'current' => $current,
					'total'   => max( 1, $pages ),
				)
			)
		);
		echo '</div></div>';
	}
}
