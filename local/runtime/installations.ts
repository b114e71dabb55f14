/**
 * Installations, as the platform keeps them (docs/platform.md, "Installation, compatibility and
 * app storage"). An installation is where app storage, scheduled triggers and queues live: each
 * has its own key-value store and runs each scheduled trigger once.
 *
 * - An app that declares `app.compatibility` is installed once, into its required Atlassian app,
 *   and its optional apps are connected to that same installation: one installation serves the
 *   modules of every declared product.
 * - An app that declares none is a single-app app: a manifest whose modules span Jira and
 *   Confluence can then only be installed once per product, as two installations that share
 *   nothing. The local site models exactly that, so a missing declaration shows here as it would
 *   on a real site (settings saved in Jira unseen by the macro, the sweep run twice).
 */
import type { Store } from '../site-api';
import { LOCAL_CLOUD_ID, LOCAL_INSTALLATION_ID } from './context';
import type { AppManifest, Product, UiModuleType } from './manifest';

/** The second installation's id (only when the manifest declares no compatibility). */
export const LOCAL_SECOND_INSTALLATION_ID = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';

export interface Installation {
  id: string;
  /** The Atlassian apps this installation serves; the first is the one it is installed into. */
  products: readonly Product[];
  /** `installContext` as a function receives it: the site of the product it is installed into. */
  installContext: string;
}

export function productOfModule(type: UiModuleType): Product {
  return type === 'macro' ? 'confluence' : 'jira';
}

/** The installations of the app on the local site, primary (the required product's) first. */
export function installationsFor(manifest: AppManifest): Installation[] {
  const used = [...new Set(manifest.uiModules.map((m) => productOfModule(m.type)))];
  const context = (p: Product) => `ari:cloud:${p}::site/${LOCAL_CLOUD_ID}`;
  const compat = manifest.compatibility;
  if (compat) {
    const required = compat.required;
    const undeclared = used.filter((p) => p !== required && !compat.optional.includes(p));
    if (undeclared.length > 0) {
      throw new Error(
        `manifest.yml: modules of ${undeclared.join(', ')} are used, but app.compatibility does not declare ${undeclared.length > 1 ? 'them' : 'it'}. Add it under app.compatibility with required: false.`,
      );
    }
    return [{ id: LOCAL_INSTALLATION_ID, products: [required, ...compat.optional], installContext: context(required) }];
  }
  const products = used.length > 0 ? used : (['jira'] as Product[]);
  return products.map((p, i) => ({
    id: i === 0 ? LOCAL_INSTALLATION_ID : LOCAL_SECOND_INSTALLATION_ID,
    products: [p],
    installContext: context(p),
  }));
}

/** The installation that serves a UI module's product. */
export function installationOfModule(installations: readonly Installation[], type: UiModuleType): Installation {
  const product = productOfModule(type);
  const inst = installations.find((i) => i.products.includes(product));
  if (!inst) throw new Error(`The app is not installed in ${product} on this site.`);
  return inst;
}

/** A view of the store whose collections belong to one installation (`<collection>@<installationId>`). */
export function installationStore(store: Store, installationId: string): Store {
  const c = (collection: string) => `${collection}@${installationId}`;
  return {
    get: (collection, id) => store.get(c(collection), id),
    list: (collection) => store.list(c(collection)),
    put: (collection, id, value) => store.put(c(collection), id, value),
    delete: (collection, id) => store.delete(c(collection), id),
    batch: (fn) =>
      store.batch((tx) =>
        fn({ put: (collection, id, value) => tx.put(c(collection), id, value), delete: (collection, id) => tx.delete(c(collection), id) }),
      ),
    clear: () => {
      throw new Error('An installation store is cleared with the site (reset), not on its own.');
    },
    close: () => undefined,
  };
}
