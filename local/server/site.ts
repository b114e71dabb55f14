/** Everything the HTTP layer needs from a running local site. */
import type { AppManifest, SiteClock, SiteRuntime } from '../runtime';
import type { Products, Store } from '../site-api';

export interface Site {
  runtime: SiteRuntime;
  products: Products;
  store: Store;
  clock: SiteClock;
  manifest: AppManifest;
  /** Folder holding manifest.yml and static/ (resource paths are relative to it). */
  projectRoot: string;
}
