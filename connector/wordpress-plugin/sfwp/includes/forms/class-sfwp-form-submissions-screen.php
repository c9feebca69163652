<?php
/**
 * The wp-admin screen listing form submissions and what Salesforce made of them.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * "Salesforce forms → Submissions": newest first, filtered by status, 20 a page. Administrators
 * only; every stored value is escaped on output (a submission is visitor input).
 */
final class SFWP_Form_Submissions_Screen {

	/**
	 * Page slug.
	 */
	const SLUG = 'sfwp-form-submissions';

	/**
	 * Rows per page.
	 */
	const PER_PAGE = 20;

	/**
	 * Submissions.
	 *
	 * @var SFWP_Form_Submission_Store
	 */
	private SFWP_Form_Submission_Store $store;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Form_Submission_Store $store Submissions.
	 */
	public function __construct( SFWP_Form_Submission_Store $store ) {
		$this->store = $store;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
	}

	/**
	 * Adds the page under the forms menu.
	 */
	public function add_page(): void {
		add_submenu_page(
			'edit.php?post_type=' . SFWP_Form_Post_Type::POST_TYPE,
			__( 'Form submissions', 'sfwp' ),
			__( 'Submissions', 'sfwp' ),
			SFWP_Form_Post_Type::CAPABILITY,
			self::SLUG,
			array( $this, 'render' )
		);
	}

	/**
	 * Status labels.
	 *
	 * @return array<string, string>
	 */
	private static function statuses(): array {
		return array(
			'pending' => __( 'Waiting for Salesforce', 'sfwp' ),
			'synced'  => __( 'In Salesforce', 'sfwp' ),
			'failed'  => __( 'Failed', 'sfwp' ),
			'spam'    => __( 'Spam (never sent)', 'sfwp' ),
		);
	}

	/**
	 * Renders the screen.
	 */
	public function render(): void {
		if ( ! current_user_can( SFWP_Form_Post_Type::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to view form submissions.', 'sfwp' ), 403 );
		}
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- read-only filters and paging.
		$status = isset( $_GET['status'] ) ? sanitize_key( wp_unslash( $_GET['status'] ) ) : '';
		$status = array_key_exists( $status, self::statuses() ) ? $status : '';
		$paged  = isset( $_GET['paged'] ) ? max( 1, absint( $_GET['paged'] ) ) : 1;
		// phpcs:enable
		$total = $this->store->count( $status );
		$rows  = $this->store->latest( self::PER_PAGE, ( $paged - 1 ) * self::PER_PAGE, $status );
		$base  = add_query_arg( array( 'post_type' => SFWP_Form_Post_Type::POST_TYPE, 'page' => self::SLUG ), admin_url( 'edit.php' ) );

		echo '<div class="wrap"><h1>' . esc_html__( 'Form submissions', 'sfwp' ) . '</h1>';
		echo '<p>' . esc_html__( 'Every submission is stored here before the visitor is thanked; the connector sends it to Salesforce and reports the outcome. Failures also appear in the connector\'s sync log and in WP_Sync_Log__c.', 'sfwp' ) . '</p>';
		$this->render_views( $base, $status );
		echo '<table class="widefat striped sfwp-submissions"><thead><tr>';
		foreach ( array( __( 'Received', 'sfwp' ), __( 'Form', 'sfwp' ), __( 'Fields', 'sfwp' ), __( 'Campaign', 'sfwp' ), __( 'Status', 'sfwp' ), __( 'Salesforce', 'sfwp' ) ) as $heading ) {
			echo '<th scope="col">' . esc_html( $heading ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		if ( array() === $rows ) {
			echo '<tr><td colspan="6">' . esc_html__( 'No submissions yet.', 'sfwp' ) . '</td></tr>';
		}
		foreach ( $rows as $row ) {
			$this->render_row( $row );
		}
		echo '</tbody></table>';
		$links = paginate_links(
			array(
				'base'    => add_query_arg( 'paged', '%#%', add_query_arg( 'status', $status, $base ) ),
				'format'  => '',
				'current' => $paged,
				'total'   => max( 1, (int) ceil( $total / self::PER_PAGE ) ),
			)
		);
		if ( is_string( $links ) ) {
			echo '<div class="tablenav"><div class="tablenav-pages">' . wp_kses_post( $links ) . '</div></div>';
		}
		echo '</div>';
	}

	/**
	 * The status filter links.
	 *
	 * @param string $base   Screen URL.
	 * @param string $status Current status.
	 */
	private function render_views( string $base, string $status ): void {
		$views = array( '' => __( 'All', 'sfwp' ) ) + self::statuses();
		echo '<ul class="subsubsub">';
		$items = array();
		foreach ( $views as $key => $label ) {
			$url     = '' === $key ? $base : add_query_arg( 'status', $key, $base );
			$current = $key === $status ? ' class="current" aria-current="page"' : '';
			$items[] = '<li><a href="' . esc_url( $url ) . '"' . $current . '>' . esc_html( $label ) . ' <span class="count">(' . esc_html( number_format_i18n( $this->store->count( $key ) ) ) . ')</span></a>';
		}
		echo implode( ' |</li>', $items ) . '</li></ul><br class="clear">'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- each item escaped above.
	}

	/**
	 * One submission.
	 *
	 * @param object $row Row.
	 */
	private function render_row( object $row ): void {
		$fields = json_decode( (string) $row->fields, true );
		$utm    = array_filter(
			array(
				'source'   => (string) $row->utm_source,
				'medium'   => (string) $row->utm_medium,
				'campaign' => (string) $row->utm_campaign,
			)
		);
		$labels = self::statuses();
		echo '<tr><td>' . esc_html( get_date_from_gmt( (string) $row->created_at, get_option( 'date_format' ) . ' ' . get_option( 'time_format' ) ) ) . '</td>';
		echo '<td>' . esc_html( get_the_title( (int) $row->form_id ) ) . '</td><td><dl class="sfwp-submission-fields">';
		foreach ( is_array( $fields ) ? $fields : array() as $name => $value ) {
			$text = is_bool( $value ) ? ( $value ? __( 'Yes', 'sfwp' ) : __( 'No', 'sfwp' ) ) : (string) $value;
			echo '<dt>' . esc_html( (string) $name ) . '</dt><dd>' . nl2br( esc_html( $text ) ) . '</dd>';
		}
		echo '<dt>' . esc_html__( 'Consent', 'sfwp' ) . '</dt><dd>' . esc_html( (int) $row->consent ? __( 'Yes', 'sfwp' ) : __( 'No', 'sfwp' ) ) . '</dd></dl></td>';
		echo '<td>';
		foreach ( $utm as $key => $value ) {
			echo esc_html( $key . ': ' . $value ) . '<br>';
		}
		if ( '' !== (string) $row->page_url ) {
			echo '<a href="' . esc_url( (string) $row->page_url ) . '">' . esc_html__( 'Page', 'sfwp' ) . '</a>';
		}
		echo '</td><td>' . esc_html( $labels[ (string) $row->status ] ?? (string) $row->status ) . '</td>';
		echo '<td>' . esc_html( (string) $row->salesforce_id ) . ( '' !== (string) $row->message ? '<br>' . esc_html( (string) $row->message ) : '' ) . '</td></tr>';
	}
}
