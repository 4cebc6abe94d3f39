/** What the connectors pages do with a click: create from a template, save a file to the user's disk. */
import { connectorFromTemplate, findTemplate, suggestNqlId, CONNECTOR_TEMPLATES } from '$lib/core/templates';
import type { Connector } from '$lib/core/model';
import { ensureDemoCredential } from '$lib/store/credentials';
import { saveConnector, takenNqlIds } from '$lib/store/connectors';
import type { ConnectorDatabase } from '$lib/store/db';

/** A new connector from a template on the demo org, not yet saved (its NQL ID is still editable). */
export async function draftFromTemplate(db: ConnectorDatabase, templateName: string): Promise<Connector> {
	const template = findTemplate(templateName) ?? CONNECTOR_TEMPLATES[0];
	const credentialId = await ensureDemoCredential(db);
	const names = new Set((await db.connectors.toArray()).map((connector) => connector.name));
	let name = template.name;
	for (let copy = 2; names.has(name) && copy < 1000; copy++) name = `${template.name} ${copy}`;
	return connectorFromTemplate(template, {
		id: crypto.randomUUID(),
		name,
		nqlId: suggestNqlId(name, await takenNqlIds(db)),
		credentialId,
		now: Date.now()
	});
}

/** Creates and saves a connector from a template on the demo org; returns its id. */
export async function createFromTemplate(db: ConnectorDatabase, templateName: string): Promise<string> {
	const saved = await saveConnector(db, await draftFromTemplate(db, templateName));
	if (!saved.ok)
		throw new Error(saved.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
	return saved.connector.id;
}

/** Offers text as a file download. */
export function downloadText(fileName: string, text: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
