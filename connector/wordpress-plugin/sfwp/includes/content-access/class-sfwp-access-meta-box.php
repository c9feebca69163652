<?php
/**
 * The "Members only" box on the post editing screen (classic and block editor).
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Edits a post's access rule (SFWP_Content_Access): required tags, any or all, and for everyone
 * else a message or a redirect. A classic meta box, which the block editor shows below the
 * content; saved on `save_post` with its nonce and `edit_post` checked.
 */
final class SFWP_Access_Meta_Box {

	/**
	 * Nonce action and field.
	 */
	const NONCE = 'sfwp_access_rule';

	/**
	 * Post types without the box: attachments and the plugin's forms.
	 */
	const SKIPPED_TYPES = array( 'attachment', 'sfwp_form' );

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'add_meta_boxes', array( $this, 'add_box' ), 10, 2 );
		add_action( 'save_post', array( $this, 'save' ), 10, 2 );
	}

	/**
	 * Post types that get the box: public ones with an editing screen.
	 *
	 * @return string[]
	 */
	public function post_types(): array {
		$types = get_post_types(
			array(
				'public'  => true,
				'show_ui' => true,
			)
		);
		return array_values( array_diff( $types, self::SKIPPED_TYPES ) );
	}

	/**
	 * Adds the box to the screen of a post type that gets it.
	 *
	 * @param string $post_type Post type.
	 * @param mixed  $post      Post.
	 */
	public function add_box( $post_type, $post = null ): void {
		if ( in_array( $post_type, $this->post_types(), true ) ) {
			add_meta_box( 'sfwp-access', __( 'Members only', 'sfwp' ), array( $this, 'render' ), $post_type, 'side' );
		}
	}

	/**
	 * The box.
	 *
	 * @param WP_Post $post Post.
	 */
	public function render( $post ): void {
		$rule = SFWP_Content_Access::normalize_rule( get_post_meta( $post->ID, SFWP_Content_Access::RULE_META, true ) );
		$rule = $rule ?? array(
			'tags'     => array(),
			'match'    => 'any',
			'denied'   => 'message',
			'message'  => '',
			'redirect' => '',
		);
		wp_nonce_field( self::NONCE, self::NONCE );
		echo '<p><label for="sfwp-access-tags">' . esc_html__( 'Required tags (comma-separated; empty for everyone)', 'sfwp' ) . '</label>';
		echo '<input type="text" class="widefat" id="sfwp-access-tags" name="sfwp_access_tags" value="' . esc_attr( implode( ', ', $rule['tags'] ) ) . '"></p>';
		echo '<fieldset><legend>' . esc_html__( 'Readers need', 'sfwp' ) . '</legend>';
		$this->radio( 'sfwp_access_match', 'any', $rule['match'], __( 'any of the tags', 'sfwp' ) );
		$this->radio( 'sfwp_access_match', 'all', $rule['match'], __( 'all of the tags', 'sfwp' ) );
		echo '</fieldset><fieldset><legend>' . esc_html__( 'Everyone else', 'sfwp' ) . '</legend>';
		$this->radio( 'sfwp_access_denied', 'message', $rule['denied'], __( 'sees a message', 'sfwp' ) );
		$this->radio( 'sfwp_access_denied', 'redirect', $rule['denied'], __( 'is sent to a page', 'sfwp' ) );
		echo '</fieldset>';
		echo '<p><label for="sfwp-access-message">' . esc_html__( 'Message (empty for the default)', 'sfwp' ) . '</label>';
		echo '<textarea class="widefat" rows="3" id="sfwp-access-message" name="sfwp_access_message">' . esc_textarea( $rule['message'] ) . '</textarea></p>';
		echo '<p><label for="sfwp-access-redirect">' . esc_html__( 'Page to send them to', 'sfwp' ) . '</label>';
		echo '<input type="url" class="widefat" id="sfwp-access-redirect" name="sfwp_access_redirect" value="' . esc_attr( $rule['redirect'] ) . '">';
		echo '<span class="description">' . esc_html__( 'On this site or a host allowed for redirects; otherwise the message is shown.', 'sfwp' ) . '</span></p>';
		echo '<p class="description">' . esc_html__( 'Editors of this post always see it. Tags come from the member\'s Salesforce record.', 'sfwp' ) . '</p>';
	}

	/**
	 * Saves the rule from the box.
	 *
	 * @param int     $post_id Post id.
	 * @param WP_Post $post    Post.
	 */
	public function save( $post_id, $post ): void {
		$post_id = (int) $post_id;
		if ( ! isset( $_POST[ self::NONCE ] ) || ! wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST[ self::NONCE ] ) ), self::NONCE ) ) {
			return;
		}
		if ( ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) || wp_is_post_revision( $post_id ) || ! current_user_can( 'edit_post', $post_id ) ) {
			return;
		}
		$rule = SFWP_Content_Access::normalize_rule(
			array(
				'tags'     => isset( $_POST['sfwp_access_tags'] ) ? sanitize_text_field( wp_unslash( $_POST['sfwp_access_tags'] ) ) : '',
				'match'    => isset( $_POST['sfwp_access_match'] ) ? sanitize_key( wp_unslash( $_POST['sfwp_access_match'] ) ) : 'any',
				'denied'   => isset( $_POST['sfwp_access_denied'] ) ? sanitize_key( wp_unslash( $_POST['sfwp_access_denied'] ) ) : 'message',
				'message'  => isset( $_POST['sfwp_access_message'] ) ? wp_kses_post( wp_unslash( $_POST['sfwp_access_message'] ) ) : '',
				'redirect' => isset( $_POST['sfwp_access_redirect'] ) ? wp_validate_redirect( esc_url_raw( wp_unslash( $_POST['sfwp_access_redirect'] ) ), '' ) : '',
			)
		);
		if ( null === $rule ) {
			delete_post_meta( $post_id, SFWP_Content_Access::RULE_META );
			return;
		}
		// update_post_meta() unslashes what it is given.
		update_post_meta( $post_id, SFWP_Content_Access::RULE_META, wp_slash( $rule ) );
	}

	/**
	 * One radio button.
	 *
	 * @param string $name    Field name.
	 * @param string $value   Its value.
	 * @param string $current Current value.
	 * @param string $label   Label.
	 */
	private function radio( string $name, string $value, string $current, string $label ): void {
		printf(
			'<label><input type="radio" name="%1$s" value="%2$s"%3$s> %4$s</label><br>',
			esc_attr( $name ),
			esc_attr( $value ),
			checked( $current, $value, false ),
			esc_html( $label )
		);
	}
}
