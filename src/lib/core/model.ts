/**
 * The domain model: connector configs, credential metadata and run logs, as valibot schemas with
 * their TypeScript types inferred from them. Every record that enters the store or comes from a file
 * passes through these schemas.
 */
import * as v from 'valibot';

const id = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(200, 'is too long'));
const epochMs = v.pipe(
	v.number(),
	v.integer('must be a whole number'),
	v.minValue(0, 'must not be negative')
);
const timeOfDay = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM'));
const count = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'));

/** NQL ID: lowercase letters, digits and underscores, starting with a letter (seed 000). */
const NqlIdSchema = v.pipe(
	v.string(),
	v.regex(
		/^[a-z][a-z0-9_]{0,63}$/,
		'must start with a lowercase letter and use only a-z, 0-9 and _ (64 at most)'
	)
);

/** When a connector runs by itself. */
export const ScheduleSchema = v.variant('kind', [
	v.strictObject({ kind: v.literal('manual') }),
	v.strictObject({
		kind: v.literal('hourly'),
		everyHours: v.pipe(
			v.number(),
			v.integer(),
			v.minValue(1, 'must be at least 1'),
			v.maxValue(24, 'must be 24 at most')
		)
	}),
	v.strictObject({ kind: v.literal('daily'), at: timeOfDay }),
	v.strictObject({
		kind: v.literal('weekly'),
		days: v.pipe(
			v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6))),
			v.minLength(1, 'needs at least one day')
		),
		at: timeOfDay
	})
]);

/** The identifier kinds a mapped user can be matched on. */
export const IdentifierKindSchema = v.picklist(['upn', 'email'], 'must be "upn" or "email"');

/** One mapped field: a JSONata source expression and the target custom field it fills. */
export const FieldMappingSchema = v.strictObject({
	source: v.pipe(v.string(), v.minLength(1, 'source expression must not be empty')),
	target: v.pipe(v.string(), v.minLength(1, 'target field must not be empty'), v.maxLength(200)),
	description: v.optional(v.pipe(v.string(), v.maxLength(2000)), '')
});

/** How each record becomes an identifier plus target fields. */
export const MappingSpecSchema = v.strictObject({
	identifier: v.strictObject({
		expression: v.pipe(v.string(), v.minLength(1, 'identifier expression must not be empty')),
		kind: IdentifierKindSchema
	}),
	fields: v.array(FieldMappingSchema)
});

/** Which users a run keeps by their IsActive flag. */
export const UserStatusSchema = v.picklist(
	['active', 'inactive', 'all'],
	'must be "active", "inactive" or "all"'
);

/**
 * How a run fetches users: chosen from the org's count (auto), or always Bulk API 2.0, REST split in
 * Id ranges, or one REST cursor.
 */
export const RetrievalModeSchema = v.picklist(
	['auto', 'bulk', 'partitioned', 'rest'],
	'must be "auto", "bulk", "partitioned" or "rest"'
);

/** A connector: what to query, how to map it, when to run. */
export const ConnectorSchema = v.strictObject({
	id,
	name: v.pipe(
		v.string(),
		v.trim(),
		v.minLength(1, 'name must not be empty'),
		v.maxLength(120, 'name is too long')
	),
	nqlId: NqlIdSchema,
	description: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
	/** Template the connector was made from, e.g. "All user attributes". */
	template: v.optional(v.string(), 'Custom'),
	schedule: ScheduleSchema,
	active: v.boolean(),
	credentialId: v.nullable(id),
	soql: v.pipe(
		v.string(),
		v.minLength(1, 'query must not be empty'),
		v.maxLength(100_000, 'query is too long')
	),
	userStatus: UserStatusSchema,
	/** E-mail domains to keep; ['*'] keeps everyone. */
	companyDomains: v.pipe(
		v.array(
			v.pipe(v.string(), v.regex(/^(\*|[a-z0-9.-]+\.[a-z]{2,})$/i, 'must be * or a domain like example.com'))
		),
		v.minLength(1, 'needs at least one domain, or *')
	),
	batchSize: v.pipe(
		v.number(),
		v.integer(),
		v.minValue(200, 'must be at least 200'),
		v.maxValue(2000, 'must be 2000 at most')
	),
	includeDeleted: v.boolean(),
	/** Add each user's latest login (LoginHistory joined on UserId) as `LatestLogin` before mapping. */
	latestLogin: v.optional(v.boolean(), false),
	/** How runs fetch users (see RetrievalModeSchema); absent means 'auto'. */
	retrieval: v.optional(RetrievalModeSchema),
	mapping: MappingSpecSchema,
	createdAt: epochMs,
	updatedAt: epochMs
});

/** How a credential gets its tokens. */
const CredentialKindSchema = v.picklist([
	'pkce',
	'jwt',
	'client_credentials',
	'refresh_token',
	'password',
	'access_token',
	'demo'
]);

/** Where the token calls go. */
export const LoginHostSchema = v.variant('kind', [
	v.strictObject({ kind: v.literal('production') }),
	v.strictObject({ kind: v.literal('sandbox') }),
	v.strictObject({ kind: v.literal('mydomain'), url: v.pipe(v.string(), v.url('must be a URL')) }),
	v.strictObject({ kind: v.literal('demo') })
]);

/** What the app knows about a credential without any secret in it. */
export const CredentialSchema = v.strictObject({
	id,
	label: v.pipe(v.string(), v.trim(), v.minLength(1, 'label must not be empty'), v.maxLength(120)),
	kind: CredentialKindSchema,
	loginHost: LoginHostSchema,
	clientId: v.optional(v.string(), ''),
	username: v.optional(v.string(), ''),
	apiVersion: v.optional(
		v.nullable(v.pipe(v.string(), v.regex(/^\d{2,3}\.0$/, 'must look like 65.0'))),
		null
	),
	instanceUrl: v.optional(v.nullable(v.string()), null),
	orgId: v.optional(v.nullable(v.string()), null),
	userId: v.optional(v.nullable(v.string()), null),
	/** Keep the refresh token / secret / key encrypted on this device. */
	remember: v.optional(v.boolean(), false),
	createdAt: epochMs,
	updatedAt: epochMs
});

/** Final and in-between states of a run. success | partial | failure are the log's (seed 000). */
export const RunStatusSchema = v.picklist([
	'running',
	'paused',
	'cancelled',
	'success',
	'partial',
	'failure'
]);

/** Added / changed / removed against the previous successful run of the same connector. */
export const RunDiffSummarySchema = v.strictObject({
	previousRunId: v.nullable(v.string()),
	added: count,
	changed: count,
	removed: count,
	unchanged: count
});

/** A run log: the execution-log fields of seed 000 plus what a person needs to understand the run. */
export const RunLogSchema = v.strictObject({
	id,
	connectorId: id,
	/** Start of the run (the log's `time`). */
	time: epochMs,
	status: RunStatusSchema,
	/** Connector instance name (details.name). */
	name: v.string(),
	/** What happened, in words a person can act on (details.description). */
	description: v.string(),
	/** Template the connector was made from (details.connector). */
	connector: v.string(),
	/** Credential label and id (details.credentials, details.credentials_id). */
	credentials: v.string(),
	credentialsId: v.nullable(v.string()),
	nqlId: v.string(),
	receivedRows: count,
	processedRows: count,
	startedAt: epochMs,
	finishedAt: v.nullable(epochMs),
	pages: count,
	skipped: count,
	duplicates: count,
	errorCode: v.nullable(v.string()),
	totalSize: v.nullable(count),
	trigger: v.picklist(['manual', 'schedule', 'test']),
	/** The SOQL actually sent, after filters were applied. */
	soql: v.string(),
	skippedReasons: v.record(v.string(), count),
	duplicatesSample: v.array(v.string()),
	diff: v.nullable(RunDiffSummarySchema),
	/** Target columns in mapping order, for results and exports. */
	columns: v.array(v.string()),
	/** The path the run took and why ("Bulk API 2.0, 8 parallel result pages, 1,200,000 users, job 750…"). */
	retrieval: v.optional(v.string())
});

export type Schedule = v.InferOutput<typeof ScheduleSchema>;
export type IdentifierKind = v.InferOutput<typeof IdentifierKindSchema>;
export type FieldMapping = v.InferOutput<typeof FieldMappingSchema>;
export type MappingSpec = v.InferOutput<typeof MappingSpecSchema>;
export type UserStatus = v.InferOutput<typeof UserStatusSchema>;
export type RetrievalMode = v.InferOutput<typeof RetrievalModeSchema>;
export type Connector = v.InferOutput<typeof ConnectorSchema>;
export type LoginHost = v.InferOutput<typeof LoginHostSchema>;
export type Credential = v.InferOutput<typeof CredentialSchema>;
export type RunStatus = v.InferOutput<typeof RunStatusSchema>;
export type RunDiffSummary = v.InferOutput<typeof RunDiffSummarySchema>;
export type RunLog = v.InferOutput<typeof RunLogSchema>;

/** One problem found in input, with the path to the offending value ("mapping.fields.2.target"). */
export interface Problem {
	path: string;
	message: string;
}

/** Validates a value against a schema, returning the parsed value or every problem at once. */
export function validate<S extends v.GenericSchema>(
	schema: S,
	input: unknown
): { ok: true; value: v.InferOutput<S> } | { ok: false; problems: Problem[] } {
	const result = v.safeParse(schema, input, { abortEarly: false });
	if (result.success) return { ok: true, value: result.output };
	return {
		ok: false,
		problems: result.issues.map((issue) => ({
			path: issue.path?.map((item) => String(item.key)).join('.') || '(root)',
			message: issue.type === 'strict_object' && issue.path?.length ? `unknown field` : issue.message
		}))
	};
}
