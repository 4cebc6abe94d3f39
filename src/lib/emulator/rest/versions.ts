/** API versions of the org: labels, the `/services/data/` list, and which versions are retired. */

/** The API versions an org serves by default: Winter '25 (62.0) to Spring '26 (66.0). */
export const DEFAULT_API_VERSIONS = ['62.0', '63.0', '64.0', '65.0', '66.0'];

const SEASONS = ['Winter', 'Spring', 'Summer'];

/** The release name of an API version, e.g. "65.0" → "Winter '26". */
export function versionLabel(version: string): string {
	const steps = Math.round(Number(version)) - 62;
	const season = SEASONS[((steps % 3) + 3) % 3];
	const year = 25 + Math.floor(steps / 3);
	return `${season} '${String(year).padStart(2, '0')}`;
}

/** Body of `GET /services/data/`. */
export function versionList(versions: readonly string[]): { label: string; url: string; version: string }[] {
	return versions.map((version) => ({
		label: versionLabel(version),
		url: `/services/data/v${version}`,
		version
	}));
}

/** Whether a version is served (`ok`), older than the oldest served (`retired`) or unknown (`unknown`). */
export function versionStatus(version: string, versions: readonly string[]): 'ok' | 'retired' | 'unknown' {
	if (versions.includes(version)) return 'ok';
	const oldest = Math.min(...versions.map(Number));
	return Number(version) < oldest ? 'retired' : 'unknown';
}
