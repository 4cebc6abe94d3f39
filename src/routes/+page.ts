import { redirect } from '@sveltejs/kit';

/** The app opens on its connectors. */
export function load() {
	redirect(307, '/connectors');
}
