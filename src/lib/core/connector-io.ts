/**
 * A connector as a JSON file: written with a small envelope (kind and format version) and read back
 * through the model's schema, so a bad file yields every problem at once and never a half-read connector
 * (Q29).
 */
import { ConnectorSchema, validate, type Connector, type Problem } from './model';

/** The `kind` of a connector file. */
const CONNECTOR_FILE_KIND = 'salesforce-user-connector/connector';
/** The format version written. */
const CONNECTOR_FILE_VERSION = 1;

/** A connector read from a file, or every problem in it. */
export type ConnectorFileResult = { ok: true; connector: Connector } | { ok: false; problems: Problem[] };

/** The connector as the text of a JSON file. */
export function connectorToJson(connector: Connector): string {
	return (
		JSON.stringify({ kind: CONNECTOR_FILE_KIND, version: CONNECTOR_FILE_VERSION, connector }, null, '\t') +
		'\n'
	);
}

/** A file name for the connector's export, from its NQL ID. */
export function connectorFileName(connector: Pick<Connector, 'nqlId'>): string {
	return `${connector.nqlId}.connector.json`;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a connector file: valid JSON, the right envelope, and a connector that passes the schema. */
export function connectorFromJson(text: string): ConnectorFileResult {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (thrown) {
		const reason = thrown instanceof Error ? thrown.message : String(thrown);
		return { ok: false, problems: [{ path: '(file)', message: `The file is not valid JSON: ${reason}` }] };
	}
	if (!isObject(parsed))
		return { ok: false, problems: [{ path: '(file)', message: 'The file must hold a JSON object.' }] };
	const problems: Problem[] = [];
	if (parsed.kind !== CONNECTOR_FILE_KIND)
		problems.push({
			path: 'kind',
			message: `must be "${CONNECTOR_FILE_KIND}" (this is not a connector file)`
		});
	if (parsed.version !== CONNECTOR_FILE_VERSION)
		problems.push({ path: 'version', message: `must be ${CONNECTOR_FILE_VERSION}` });
	for (const key of Object.keys(parsed))
		if (!['kind', 'version', 'connector'].includes(key))
			problems.push({ path: key, message: 'unknown field' });
	if (!('connector' in parsed)) {
		problems.push({ path: 'connector', message: 'is missing' });
		return { ok: false, problems };
	}
	const checked = validate(ConnectorSchema, parsed.connector);
	if (!checked.ok)
		problems.push(...checked.problems.map((problem) => ({ ...problem, path: `connector.${problem.path}` })));
	if (problems.length > 0 || !checked.ok) return { ok: false, problems };
	return { ok: true, connector: checked.value };
}
