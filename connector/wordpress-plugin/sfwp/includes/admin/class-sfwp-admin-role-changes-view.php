<?php
/**
 * Tools → Salesforce Sync Log → Role changes.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The role changes the connector made, and those the plugin refused (SFWP_Role_Guard), newest
 * first, with the roles before and after. Part of the Sync Log page, which checks `sfwp_sync`;
 * listing users also needs `list_users`.
 */
final class SFWP_Admin_Role_Changes_View {

	/**
	 * Rows per page.
	 */
	const PER_PAGE = 20;

	/**
	 * Role change log.
	 *
	 * @var SFWP_Role_Change_Log
	 */
	private SFWP_Role_Change_Log $log;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Role_Change_Log $log Role change log.
	 */
	public function __construct( SFWP_Role_Change_Log $log ) {
		$this->log = $log;
	}

	/**
	 * The view.
	 */
	public function render(): void {
		if ( ! current_user_can( 'list_users' ) ) {
			echo '<p>' . esc_html__( 'Sorry, you are not allowed to list users.', 'sfwp' ) . '</p>';
			return;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a read-only listing.
		$page    = isset( $_GET['paged'] ) ? max( 1, absint( $_GET['paged'] ) ) : 1;
		$entries = $this->log->recent( $page, self::PER_PAGE );
		echo '<p>' . esc_html__( 'Role changes the connector made from Salesforce data, and those the plugin refused (administrators and the connector\'s own user are never changed).', 'sfwp' ) . '</p>';
		$headers = array( __( 'Time', 'sfwp' ), __( 'User', 'sfwp' ), __( 'Before', 'sfwp' ), __( 'After', 'sfwp' ), __( 'Outcome', 'sfwp' ), __( 'By', 'sfwp' ) );
		echo '<table class="wp-list-table widefat fixed striped sfwp-role-changes"><thead><tr>';
		foreach ( $headers as $header ) {
			echo '<th scope="col">' . esc_html( $header ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		if ( array() === $entries ) {
			echo '<tr class="no-items"><td colspan="6">' . esc_html__( 'No role changes yet.', 'sfwp' ) . '</td></tr>';
		}
		foreach ( $entries as $entry ) {
			$this->render_entry( $entry );
		}
		echo '</tbody></table>';
		$this->render_paging( $this->log->count(), $page );
	}

	/**
	 * One entry.
	 *
	 * @param array<string, mixed> $entry Entry.
	 */
	private function render_entry( array $entry ): void {
		$user_id = (int) $entry['user_id'];
		$user    = get_userdata( $user_id );
		$name    = false === $user ? sprintf( '#%d', $user_id ) : $user->user_login;
		$by      = get_userdata( (int) ( $entry['by'] ?? 0 ) );
		$outcome = SFWP_Role_Change_Log::REFUSED === ( $entry['outcome'] ?? '' )
			/* translators: %s: reason code (administrator or connector_user). */
			? sprintf( __( 'Refused (%s)', 'sfwp' ), (string) ( $entry['reason'] ?? '' ) )
			: __( 'Changed', 'sfwp' );
		echo '<tr class="sfwp-role-change" data-sfwp-user="' . esc_attr( (string) $user_id ) . '" data-sfwp-outcome="' . esc_attr( (string) ( $entry['outcome'] ?? '' ) ) . '">';
		printf( '<td>%s</td>', esc_html( SFWP_Admin_Object_Panel::local_time( (string) ( $entry['time'] ?? '' ) ) ) );
		printf( '<td><a href="%1$s">%2$s</a></td>', esc_url( get_edit_user_link( $user_id ) ), esc_html( $name ) );
		printf( '<td class="sfwp-roles-before">%s</td>', esc_html( $this->roles_text( $entry['before'] ?? array() ) ) );
		printf( '<td class="sfwp-roles-after">%s</td>', esc_html( $this->roles_text( $entry['after'] ?? array() ) ) );
		printf( '<td>%s</td>', esc_html( $outcome ) );
		printf( '<td>%s</td>', esc_html( false === $by ? '—' : $by->user_login ) );
		echo '</tr>';
	}

	/**
	 * Roles as text.
	 *
	 * @param mixed $roles Role slugs.
	 * @return string
	 */
	private function roles_text( $roles ): string {
		$roles = is_array( $roles ) ? array_map( 'strval', $roles ) : array();
		return array() === $roles ? __( '(none)', 'sfwp' ) : implode( ', ', $roles );
	}

	/**
	 * Page links.
	 *
	 * @param int $total   Entries.
	 * @param int $current Current page.
	 */
	private function render_paging( int $total, int $current ): void {
		/* translators: %s: number of entries. */
		echo '<div class="tablenav bottom"><div class="tablenav-pages"><span class="displaying-num">' . esc_html( sprintf( _n( '%s item', '%s items', $total, 'sfwp' ), number_format_i18n( $total ) ) ) . '</span> ';
		echo wp_kses_post(
			(string) paginate_links(
				array(
					'base'    => add_query_arg( 'paged', '%#%' ),
					'format'  => '',
					'current' => $current,
					'total'   => max( 1, (int) ceil( $total / self::PER_PAGE ) ),
				)
			)
		);
		echo '</div></div>';
	}
}
