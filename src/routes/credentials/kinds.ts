/** The kinds of credential as the form shows them: label, what they need, and what to know. */
import { PASSWORD_FLOW_NOTE } from '$lib/auth/grants';
import type { Credential } from '$lib/core/model';

/** A kind a person can create (the demo org is built in). */
export type EditableKind = Exclude<Credential['kind'], 'demo'>;

/** How the form presents a kind. */
export interface KindInfo {
	label: string;
	/** Whether the connected app's consumer key is asked for. */
	needsClientId: boolean;
	/** Whether the username is asked for (JWT subject, password flow). */
	needsUsername: boolean;
	/** Whether the token call runs in the browser against the login host (then My Domain is required). */
	usesLoginHost: boolean;
	note: string;
}

/** Every editable kind, in the order the form lists them. */
export const KINDS: Record<EditableKind, KindInfo> = {
	pkce: {
		label: 'OAuth — authorization code + PKCE (recommended)',
		needsClientId: true,
		needsUsername: false,
		usesLoginHost: true,
		note: 'You sign in on Salesforce’s own page; the app never sees your password and keeps no secret.'
	},
	jwt: {
		label: 'JWT bearer (certificate private key)',
		needsClientId: true,
		needsUsername: true,
		usesLoginHost: true,
		note: 'Paste the PKCS#8 private key of the certificate uploaded to the connected app. It is used by WebCrypto in this browser and never sent anywhere.'
	},
	client_credentials: {
		label: 'Client credentials (app runs as its “Run As” user)',
		needsClientId: true,
		needsUsername: false,
		usesLoginHost: true,
		note: 'The consumer secret sits in this browser: anyone who can run script on this page could read it. My Domain only.'
	},
	refresh_token: {
		label: 'Refresh token (pasted)',
		needsClientId: true,
		needsUsername: false,
		usesLoginHost: true,
		note: 'Paste a refresh token generated for the connected app; add the consumer secret if the app requires it.'
	},
	password: {
		label: 'Username + password + security token (legacy)',
		needsClientId: true,
		needsUsername: true,
		usesLoginHost: true,
		note: PASSWORD_FLOW_NOTE
	},
	access_token: {
		label: 'Access token (pasted, e.g. from the Salesforce CLI)',
		needsClientId: false,
		needsUsername: false,
		usesLoginHost: false,
		note: 'For quick use: the session cannot be renewed; paste a new token when it expires (sf org display).'
	}
};

/** API versions offered besides “newest the org lists”. */
export const API_VERSIONS = ['66.0', '65.0', '64.0', '63.0', '62.0', '61.0', '60.0'];

/** The risk of "Remember on this device", shown next to the switch. */
export const REMEMBER_RISK =
	'Keeps the refresh token (and any secret or private key) encrypted with a key this browser cannot export. ' +
	'Anyone using this browser profile, or script running on this page, can use the session. Leave it off on shared computers.';
