<?php
/**
 * The published forms, as the connector passes them on to Salesforce.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Lists the published Salesforce forms (id, title, fields) for the admin app's form picker. The
 * heartbeat route answers the connector with this list; the connector puts it in the heartbeat
 * it writes to Salesforce, so a Salesforce admin can pick a form and map its fields without
 * reading WordPress. Only names, labels and types: never a submission.
 */
final class SFWP_Form_Catalog {

	/**
	 * Most forms listed, newest first (the heartbeat must stay small).
	 */
	const MAX_FORMS = 50;

	/**
	 * Published forms, newest first, at most `MAX_FORMS`.
	 *
	 * @return array<int, array{id: int, title: string, fields: array<int, array{name: string, label: string, type: string}>}>
	 */
	public static function published(): array {
		$ids   = get_posts(
			array(
				'post_type'              => SFWP_Form_Post_Type::POST_TYPE,
				'post_status'            => 'publish',
				'posts_per_page'         => self::MAX_FORMS,
				'orderby'                => 'ID',
				'order'                  => 'DESC',
				'fields'                 => 'ids',
				'no_found_rows'          => true,
				'update_post_term_cache' => false,
			)
		);
		$forms = array();
		foreach ( $ids as $id ) {
			$form = SFWP_Form_Definition::load( (int) $id );
			if ( null === $form ) {
				continue;
			}
			$forms[] = array(
				'id'     => $form->id,
				'title'  => $form->name,
				'fields' => array_map(
					static function ( array $field ): array {
						return array(
							'name'  => (string) $field['name'],
							'label' => (string) $field['label'],
							'type'  => (string) $field['type'],
						);
					},
					$form->fields
				),
			);
		}
		return $forms;
	}
}
