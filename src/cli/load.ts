/**
 * Reading what the command is given: the connector file the app exports (validated the same way, plus
 * the mapping check a run makes before it starts), JSON files, and the credential. Problems come back as
 * a list, each naming where it is, before anything is written.
 */
import { readFile } from 'node:fs/promises';
import { connectorFromJson } from '../lib/core/connector-io';
import { IDENTIFIER_TARGET, validateMapping } from '../lib/core/mapping';
import { checkQueryShape } from '../lib/core/run';
import type { Connector, Problem } from '../lib/core/model';
import { credentialFrom, credentialFromEnvironment, type CliCredential } from './credential';

/** A loaded value, or every problem found in it. */
export type Loaded<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

async function readText(path: string, what: string): Promise<Loaded<string>> {
	try {
		return { ok: true, value: await readFile(path, 'utf8') };
	} catch (thrown) {
		const reason = (thrown as NodeJS.ErrnoException).code ?? String(thrown);
		return {
			ok: false,
			problems: [{ path: '(file)', message: `The ${what} ${path} could not be read (${reason}).` }]
		};
	}
}

/** Reads a JSON file (any JSON value). */
export async function loadJson(path: string, what: string): Promise<Loaded<unknown>> {
	const text = await readText(path, what);
	if (!text.ok) return text;
	try {
		return { ok: true, value: JSON.parse(text.value.replace(/^\uFEFF/, '')) as unknown };
	} catch (thrown) {
		const reason = thrown instanceof Error ? thrown.message : String(thrown);
		return { ok: false, problems: [{ path: '(file)', message: `The ${what} is not valid JSON: ${reason}` }] };
	}
}

/** Reads a JSON file holding an object. */
export async function loadJsonObject(path: string, what: string): Promise<Loaded<Record<string, unknown>>> {
	const read = await loadJson(path, what);
	if (!read.ok) return read;
	if (typeof read.value === 'object' && read.value !== null && !Array.isArray(read.value))
		return { ok: true, value: read.value as Record<string, unknown> };
	return { ok: false, problems: [{ path: '(file)', message: `The ${what} must hold a JSON object.` }] };
}

/** A connector from the text of a connector file: the file format, the model, the mapping, then the query's shape. */
export function connectorFromText(text: string): Loaded<Connector> {
	const read = connectorFromJson(text);
	if (!read.ok) return read;
	const { connector } = read;
	const problems: Problem[] = validateMapping(connector.mapping).map((problem) => ({
		path:
			problem.target === IDENTIFIER_TARGET
				? 'connector.mapping.identifier.expression'
				: `connector.mapping.fields[${problem.target}]`,
		message: problem.message
	}));
	for (const error of checkQueryShape(connector.soql, connector.mapping))
		problems.push({ path: 'connector.soql', message: `${error.code}: ${error.message}` });
	return problems.length > 0 ? { ok: false, problems } : { ok: true, value: connector };
}

/** Reads and checks a connector file exported from the app. */
export async function loadConnector(path: string): Promise<Loaded<Connector>> {
	const text = await readText(path, 'connector file');
	return text.ok ? connectorFromText(text.value) : text;
}

/** The credential from a file when one is named, else from the SF_* environment variables. */
export async function loadCredential(
	path: string | undefined,
	environment: NodeJS.ProcessEnv
): Promise<Loaded<CliCredential>> {
	let input: unknown;
	if (path) {
		const file = await loadJsonObject(path, 'credential file');
		if (!file.ok) return file;
		input = file.value;
	} else {
		input = credentialFromEnvironment(environment);
		if (input === null)
			return {
				ok: false,
				problems: [
					{
						path: 'credential',
						message:
							'No credential: pass --credential FILE or set SF_CREDENTIAL_KIND and the SF_* variables (see --help).'
					}
				]
			};
	}
	const credential = credentialFrom(input);
	return credential.ok
		? credential
		: {
				ok: false,
				problems: credential.problems.map((problem) => ({ ...problem, path: `credential.${problem.path}` }))
			};
}

/** Problems as lines for stderr: "  - path: message". */
export function formatProblems(title: string, problems: readonly Problem[]): string {
	return [title, ...problems.map((problem) => `  - ${problem.path}: ${problem.message}`)].join('\n') + '\n';
}
