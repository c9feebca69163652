<?php
/**
 * Tools → Salesforce Sync Log → Recent results.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The recent results of syncs of WordPress objects, successes included, newest first: the
 * connector reads them from Salesforce's WP_Sync_Log__c with its own session (WordPress holds no
 * Salesforce credentials). Filters by status and object type; "Older results" pages by key.
 */
final class SFWP_Admin_Results_View {

	/**
	 * Rows per page.
	 */
	const PER_PAGE = 20;

	/**
	 * Connector answers.
	 *
	 * @var SFWP_Admin_Connector_View
	 */
	private SFWP_Admin_Connector_View $connector;

	/**
	 * Object types the filter offers.
	 *
	 * @var string[]
	 */
	private array $types;

	/**
	 * The log page's slug.
	 *
	 * @var string
	 */
	private string $slug;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Admin_Connector_View $connector Connector answers.
	 * @param string[]                  $types     Object types the filter offers.
	 * @param string                    $slug      The log page's slug.
	 */
	public function __construct( SFWP_Admin_Connector_View $connector, array $types, string $slug ) {
		$this->connector = $connector;
		$this->types     = $types;
		$this->slug      = $slug;
	}

	/**
	 * The filters asked for (read-only, like core's list filters).
	 *
	 * @return array{status: string, type: string, before: string}
	 */
	private function filters(): array {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended
		$status = isset( $_GET['result'] ) ? sanitize_text_field( wp_unslash( $_GET['result'] ) ) : 'all';
		$type   = isset( $_GET['object_type'] ) ? sanitize_key( wp_unslash( $_GET['object_type'] ) ) : '';
		$before = isset( $_GET['before'] ) ? sanitize_text_field( wp_unslash( $_GET['before'] ) ) : '';
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		return array(
			'status' => in_array( $status, array( 'Success', 'Skipped', 'Failed', 'all' ), true ) ? $status : 'all',
			'type'   => in_array( $type, $this->types, true ) ? $type : '',
			'before' => preg_match( '/^[A-Za-z0-9]{15,18}$/', $before ) ? $before : '',
		);
	}

	/**
	 * The view.
	 */
	public function render(): void {
		$filters = $this->filters();
		echo '<p>' . esc_html__( 'Every sync of a WordPress user or post, newest first, as Salesforce logs it (WP_Sync_Log__c).', 'sfwp' ) . '</p>';
		$this->render_filters( $filters );
		$answer = $this->connector->results(
			array(
				'type'     => $filters['type'],
				'status'   => $filters['status'],
				'before'   => $filters['before'],
				'per_page' => self::PER_PAGE,
			)
		);
		if ( is_wp_error( $answer ) ) {
			echo '<div class="notice notice-error inline"><p>' . esc_html__( 'The connector could not be asked:', 'sfwp' ) . ' ' . esc_html( $answer->get_error_message() ) . '</p></div>';
			return;
		}
		$this->render_table( (array) $answer['items'] );
		$next = isset( $answer['next'] ) && is_string( $answer['next'] ) ? $answer['next'] : '';
		if ( '' !== $next ) {
			$url = add_query_arg(
				array(
					'page'        => $this->slug,
					'view'        => 'results',
					'result'      => $filters['status'],
					'object_type' => $filters['type'],
					'before'      => $next,
				),
				admin_url( 'tools.php' )
			);
			echo '<div class="tablenav bottom"><div class="tablenav-pages"><a class="button sfwp-older-results" href="' . esc_url( $url ) . '">' . esc_html__( 'Older results', 'sfwp' ) . '</a></div></div>';
		}
	}

	/**
	 * Status and type filters, as a GET form.
	 *
	 * @param array{status: string, type: string, before: string} $filters Current filters.
	 */
	private function render_filters( array $filters ): void {
		$statuses = array(
			'all'     => __( 'All', 'sfwp' ),
			'Success' => __( 'Success', 'sfwp' ),
			'Skipped' => __( 'Skipped', 'sfwp' ),
			'Failed'  => __( 'Failed', 'sfwp' ),
		);
		echo '<form method="get" class="sfwp-results-filters"><input type="hidden" name="page" value="' . esc_attr( $this->slug ) . '"><input type="hidden" name="view" value="results">';
		echo '<label for="sfwp-result">' . esc_html__( 'Status', 'sfwp' ) . '</label> <select id="sfwp-result" name="result">';
		foreach ( $statuses as $value => $label ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $value ), selected( $filters['status'], $value, false ), esc_html( $label ) );
		}
		echo '</select> <label for="sfwp-result-type">' . esc_html__( 'Type', 'sfwp' ) . '</label> <select id="sfwp-result-type" name="object_type"><option value="">' . esc_html__( 'All types', 'sfwp' ) . '</option>';
		foreach ( $this->types as $type ) {
			printf( '<option value="%1$s"%2$s>%1$s</option>', esc_attr( $type ), selected( $filters['type'], $type, false ) );
		}
		echo '</select> ';
		submit_button( __( 'Filter', 'sfwp' ), '', 'filter', false );
		echo '</form>';
	}

	/**
	 * The rows.
	 *
	 * @param array<int, array<string, mixed>> $items Results.
	 */
	private function render_table( array $items ): void {
		$headers = array( __( 'Object', 'sfwp' ), __( 'Mapping', 'sfwp' ), __( 'Direction', 'sfwp' ), __( 'Salesforce record', 'sfwp' ), __( 'Status', 'sfwp' ), __( 'Message', 'sfwp' ), __( 'Synced', 'sfwp' ) );
		echo '<table class="wp-list-table widefat fixed striped sfwp-results-table"><thead><tr>';
		foreach ( $headers as $header ) {
			echo '<th scope="col">' . esc_html( $header ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		if ( array() === $items ) {
			echo '<tr class="no-items"><td colspan="7">' . esc_html__( 'No results yet.', 'sfwp' ) . '</td></tr>';
		}
		foreach ( $items as $item ) {
			$type = (string) ( $item['type'] ?? '' );
			$id   = (int) ( $item['wordpressId'] ?? 0 );
			$edit = SFWP_Change_Recorder::USER === $type ? get_edit_user_link( $id ) : get_edit_post_link( $id, 'url' );
			$sf   = (string) ( $item['salesforceId'] ?? '' );
			$url  = (string) ( $item['recordUrl'] ?? '' );
			echo '<tr class="sfwp-result-row" data-sfwp-id="' . esc_attr( (string) $id ) . '" data-sfwp-type="' . esc_attr( $type ) . '">';
			printf( '<td>%s</td>', empty( $edit ) ? esc_html( $type . ' ' . $id ) : '<a href="' . esc_url( $edit ) . '">' . esc_html( $type . ' ' . $id ) . '</a>' );
			printf( '<td><code>%s</code></td>', esc_html( (string) ( $item['mapping'] ?? '' ) ) );
			printf( '<td>%s</td>', esc_html( (string) ( $item['direction'] ?? '' ) ) );
			printf( '<td>%s</td>', '' === $url ? esc_html( $sf ) : '<a href="' . esc_url( $url ) . '" target="_blank" rel="noopener noreferrer">' . esc_html( $sf ) . '</a>' );
			printf( '<td class="sfwp-result-status">%s</td>', esc_html( (string) ( $item['status'] ?? '' ) ) );
			printf( '<td>%s</td>', esc_html( (string) ( $item['message'] ?? '' ) ) );
			printf( '<td>%s</td>', esc_html( SFWP_Admin_Object_Panel::local_time( (string) ( $item['syncedAt'] ?? '' ) ) ) );
			echo '</tr>';
		}
		echo '</tbody></table>';
	}
}
