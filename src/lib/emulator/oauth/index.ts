import type { OAuthHandler } from '../types';

/** OAuth, identity and discovery endpoints of the emulated org (/services/oauth2/*, /id/*, /.well-known/*). */
export const handleOAuth: OAuthHandler = async () => null;
