import { ensureWebBuild } from '../../../scripts/build-web.mjs';

/** The browser suite runs against the built app: build it once if missing or older than web/. */
export default async function setup(): Promise<void> {
  await ensureWebBuild({ log: () => undefined });
}
