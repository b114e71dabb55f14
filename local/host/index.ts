/** Host pages of the local site (placeholder until the pages land). */
import type { PageHandler } from '../server/server';

export const hostPages: PageHandler = async () => false;
