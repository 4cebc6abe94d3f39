/** Word lists the generator draws realistic values from. */

export const LATIN_FIRST = [
	'James',
	'Mary',
	'Robert',
	'Patricia',
	'John',
	'Jennifer',
	'Michael',
	'Linda',
	'David',
	'Elizabeth',
	'William',
	'Barbara',
	'Richard',
	'Susan',
	'Joseph',
	'Jessica',
	'Thomas',
	'Sarah',
	'Charles',
	'Karen',
	'Zoë',
	'Renée',
	'José',
	'Jürgen',
	'Søren',
	'Chloé',
	'Björn',
	'Élodie',
	'Łukasz',
	'Ana',
	'Luis',
	'Fatima',
	'Priya',
	'Wei',
	'Aiko',
	'Olu',
	'Siobhán',
	'Mateo',
	'Ingrid',
	'Noah',
	"D'Arcy",
	'Anne-Marie'
] as const;

export const LATIN_LAST = [
	'Smith',
	'Johnson',
	'Williams',
	'Brown',
	'Jones',
	'Garcia',
	'Miller',
	'Davis',
	'Rodriguez',
	'Martinez',
	'Müller',
	'Schröder',
	'Núñez',
	'Øvergaard',
	'Dvořák',
	'Kowalczyk',
	"O'Brien",
	'van der Berg',
	'Nguyen',
	'Kim',
	'Patel',
	'Okafor',
	'Rossi',
	'Dubois',
	'Lefèvre',
	'Andersson',
	'Silva',
	'Smith-Jones'
] as const;

/** Names in other scripts: [first, last] pairs with the locale they usually come with. */
export const NON_LATIN_NAMES = [
	{ first: '太郎', last: '山田', locale: 'ja_JP', language: 'ja' },
	{ first: '花子', last: '鈴木', locale: 'ja_JP', language: 'ja' },
	{ first: '伟', last: '王', locale: 'zh_CN', language: 'zh_CN' },
	{ first: '秀英', last: '李', locale: 'zh_CN', language: 'zh_CN' },
	{ first: '민준', last: '김', locale: 'ko_KR', language: 'ko' },
	{ first: 'Дмитрий', last: 'Иванов', locale: 'ru_RU', language: 'ru' },
	{ first: 'Ольга', last: 'Смирнова', locale: 'ru_RU', language: 'ru' },
	{ first: 'Νίκος', last: 'Παπαδόπουλος', locale: 'el_GR', language: 'el' },
	{ first: 'محمد', last: 'العلي', locale: 'ar_AE', language: 'ar' },
	{ first: 'נועה', last: 'כהן', locale: 'iw_IL', language: 'iw' },
	{ first: 'अनन्या', last: 'शर्मा', locale: 'hi_IN', language: 'en_US' },
	{ first: 'สมชาย', last: 'ใจดี', locale: 'th_TH', language: 'th' }
] as const;

export const EMOJI_FIRST = ['Ana 🌸', '🚀 Max', 'Lee 😀', 'Sam 👩‍💻', 'Kai 🏳️‍🌈'] as const;

export const TITLES = [
	'Account Executive',
	'Sales Manager',
	'VP of Sales',
	'Customer Success Manager',
	'Support Engineer',
	'Software Engineer',
	'Senior Software Engineer',
	'Product Manager',
	'Marketing Specialist',
	'CFO',
	'Chief Executive Officer',
	'HR Business Partner',
	'Financial Analyst',
	'Solutions Architect',
	'Director, Operations',
	'Business Development Representative',
	'Office Manager',
	'Data Analyst'
] as const;

/** Titles a spreadsheet would take for a formula. */
export const FORMULA_TITLES = [
	'=1+1',
	'+SUM(A1:A9)',
	'-2+3',
	'@IMPORTXML',
	'=1+1\nline2',
	'=HYPERLINK("x")'
] as const;

export const DEPARTMENTS = [
	'Sales',
	'Marketing',
	'Engineering',
	'Support',
	'Finance',
	'Human Resources',
	'Legal',
	'Operations',
	'Customer Success',
	'IT',
	'Product',
	'Research & Development'
] as const;

export const DIVISIONS = ['Americas', 'EMEA', 'APAC', 'LATAM', 'Global'] as const;

export const COMPANIES = [
	'Acme Corporation',
	'Acme GmbH',
	'Globex Ltd',
	'Initech',
	'Umbrella Group'
] as const;

/** E-mail domains of the companies users come from; the first is the org's own. */
export const EMAIL_DOMAINS = [
	'acme.example.com',
	'acme.example.co.uk',
	'acme-gmbh.example.de',
	'globex.example.net',
	'initech.example.io',
	'umbrella.example.org',
	'contractors.example.com'
] as const;

export const SHARED_EMAILS = ['sales-team', 'it-support', 'noreply', 'shared.inbox'] as const;

/** [city, state, country, postal code prefix, time zone, locale, language] */
export const PLACES = [
	['San Francisco', 'CA', 'United States', '941', 'America/Los_Angeles', 'en_US', 'en_US'],
	['New York', 'NY', 'United States', '100', 'America/New_York', 'en_US', 'en_US'],
	['Chicago', 'IL', 'United States', '606', 'America/Chicago', 'en_US', 'en_US'],
	['Toronto', 'ON', 'Canada', 'M5V', 'America/Toronto', 'en_CA', 'en_US'],
	['London', null, 'United Kingdom', 'EC1', 'Europe/London', 'en_GB', 'en_US'],
	['Berlin', null, 'Germany', '101', 'Europe/Berlin', 'de_DE', 'de'],
	['Paris', null, 'France', '750', 'Europe/Paris', 'fr_FR', 'fr'],
	['Madrid', null, 'Spain', '280', 'Europe/Madrid', 'es_ES', 'es'],
	['São Paulo', 'SP', 'Brazil', '010', 'America/Sao_Paulo', 'pt_BR', 'pt_BR'],
	['Tokyo', null, 'Japan', '100', 'Asia/Tokyo', 'ja_JP', 'ja'],
	['Sydney', 'NSW', 'Australia', '200', 'Australia/Sydney', 'en_AU', 'en_US'],
	['Bangalore', 'KA', 'India', '560', 'Asia/Kolkata', 'en_IN', 'en_US']
] as const;

export const STREETS = [
	'Market Street',
	'Main Street',
	'Hauptstraße',
	'Rue de Rivoli',
	'High Street',
	'Calle Mayor'
] as const;

export const EMAIL_ENCODINGS = ['UTF-8', 'ISO-8859-1', 'Shift_JIS'] as const;

export const DIGEST_FREQUENCIES = ['D', 'W', 'N'] as const;

export const ABOUT_ME = [
	'Loves hiking and good coffee.',
	'Working remotely. Reach me on Slack.',
	'Ask me about our pricing tiers & discounts.',
	'Fluent in English, Deutsch und Français.'
] as const;

/** Values a renderer or exporter must treat as text. */
export const HOSTILE_ABOUT_ME = [
	'<img src=x onerror=alert(1)>',
	'<script>alert("x")</script>',
	'<a href="javascript:alert(1)">click</a>'
] as const;

export const LOGIN_TYPES = [
	'Application',
	'Remote Access 2.0',
	'SAML Sfdc Initiated SSO',
	'Other Apex API'
] as const;
export const LOGIN_APPLICATIONS = ['Browser', 'Salesforce for iOS', 'Data Loader', 'Salesforce CLI'] as const;
export const BROWSERS = ['Chrome 131', 'Firefox 133', 'Safari 18', 'Edge 131', 'Unknown'] as const;
export const PLATFORMS = ['Windows 10', 'Mac OSX', 'Linux', 'iOS/iPhone', 'Android 14', 'Unknown'] as const;
export const LOGIN_FAILURES = [
	'Invalid Password',
	'User is Frozen',
	'Failed: Computer activation required',
	'Restricted IP',
	'Password Lockout'
] as const;
export const COUNTRY_ISOS = ['US', 'GB', 'DE', 'FR', 'JP', 'IN', 'BR', 'AU', 'CA', 'ES'] as const;
