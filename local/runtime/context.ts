/**
 * The contexts Forge gives a UI module: the one `view.getContext()` answers in the browser, and
 * the one a resolver receives (`{ call, context }` plus the runtime's principal).
 */
import type { UiModuleInfo } from './manifest';

export const LOCAL_CLOUD_ID = '6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5';
export const LOCAL_ENVIRONMENT_ID = '0e7d5a4c-3b2a-4f19-8e6d-5c4b3a291807';
export const LOCAL_INSTALLATION_ID = 'b7c6d5e4-f3a2-4b1c-9d8e-7f6a5b4c3d2e';
export const LOCAL_ENVIRONMENT_TYPE = 'DEVELOPMENT';

/** Where a UI module is shown: the page/issue it is on (what the host page knows). */
export type ExtensionTarget =
  | {
      type: 'macro';
      content: { id: string; type?: string };
      space: { key: string; id: string };
      config?: Record<string, unknown>;
      isEditing?: boolean;
      macroBody?: unknown;
    }
  | { type: 'macro-config'; content: { id: string; type?: string }; space: { key: string; id: string }; config?: Record<string, unknown> }
  | {
      type: 'jira:issuePanel';
      issue: { key: string; id: string; type: string; typeId?: string };
      project: { key: string; id: string; type?: string };
      isNewToIssue?: boolean;
    }
  | {
      type: 'jira:issueContext';
      issue: { key: string; id: string; type: string; typeId?: string };
      project: { key: string; id: string; type?: string };
    }
  | { type: 'jira:globalPage' }
  | { type: 'jira:adminPage' };

/** `context.extension` as Forge gives it for each module type. */
export function extensionFor(module: UiModuleInfo, target: ExtensionTarget | undefined, location: string): Record<string, unknown> {
  switch (target?.type) {
    case 'macro':
      return {
        type: 'macro',
        content: { id: target.content.id, type: target.content.type ?? 'page', subtype: null },
        space: { key: target.space.key, id: target.space.id },
        isEditing: target.isEditing ?? false,
        isConfig: false,
        config: target.config ?? {},
        references: [],
        macro: { isConfiguring: false, isInserting: false, ...(target.macroBody !== undefined ? { body: target.macroBody } : {}) },
        location,
      };
    case 'macro-config':
      return {
        type: 'macro',
        content: { id: target.content.id, type: target.content.type ?? 'page', subtype: null },
        space: { key: target.space.key, id: target.space.id },
        isEditing: true,
        isConfig: true,
        config: target.config ?? {},
        references: [],
        macro: { isConfiguring: true, isInserting: Object.keys(target.config ?? {}).length === 0 },
        location,
      };
    case 'jira:issuePanel':
      return {
        type: 'jira:issuePanel',
        issue: { key: target.issue.key, id: target.issue.id, type: target.issue.type, typeId: target.issue.typeId ?? null },
        project: { key: target.project.key, id: target.project.id, type: target.project.type ?? 'software' },
        isNewToIssue: target.isNewToIssue ?? false,
        location,
      };
    case 'jira:issueContext':
      return {
        type: 'jira:issueContext',
        issue: { key: target.issue.key, id: target.issue.id, type: target.issue.type, typeId: target.issue.typeId ?? null },
        project: { key: target.project.key, id: target.project.id, type: target.project.type ?? 'software' },
        location,
      };
    case 'jira:globalPage':
    case 'jira:adminPage':
      return { type: target.type, location };
    case undefined:
      return { type: module.type, location };
  }
}

export interface FrontendContextInput {
  module: UiModuleInfo;
  accountId: string | undefined;
  localId: string;
  extension: Record<string, unknown>;
  siteUrl: string;
  colorMode: 'light' | 'dark';
  appId: string;
}

/** What `view.getContext()` answers in a Custom UI iframe. */
export function frontendContext(i: FrontendContextInput): Record<string, unknown> {
  return {
    accountId: i.accountId,
    accountType: i.accountId ? 'licensed' : 'anonymous',
    cloudId: LOCAL_CLOUD_ID,
    siteUrl: i.siteUrl,
    localId: i.localId,
    locale: 'en-US',
    timezone: 'UTC',
    moduleKey: i.module.key,
    extension: i.extension,
    environmentId: LOCAL_ENVIRONMENT_ID,
    environmentType: LOCAL_ENVIRONMENT_TYPE,
    appVersion: '1.0.0',
    license: null,
    theme: { colorMode: i.colorMode, light: 'light', dark: 'dark', spacing: 'spacing', typography: 'typography' },
    surfaceColor: 'var(--ds-surface)',
  };
}

/** The `context` in the event a resolver function receives (before @forge/resolver adds accountId etc.). */
export function resolverEventContext(i: {
  moduleKey: string;
  localId: string;
  extension: Record<string, unknown>;
  siteUrl: string;
}): Record<string, unknown> {
  return {
    localId: i.localId,
    cloudId: LOCAL_CLOUD_ID,
    moduleKey: i.moduleKey,
    siteUrl: i.siteUrl,
    extension: i.extension,
    environmentId: LOCAL_ENVIRONMENT_ID,
    environmentType: LOCAL_ENVIRONMENT_TYPE,
  };
}

/** The second argument Forge passes a function: the principal and the installation it runs in. */
export function backendRuntimePayload(
  accountId: string | undefined,
  installation: { id: string; installContext: string } = {
    id: LOCAL_INSTALLATION_ID,
    installContext: `ari:cloud:jira::site/${LOCAL_CLOUD_ID}`,
  },
): Record<string, unknown> {
  return {
    principal: accountId ? { accountId } : undefined,
    installContext: installation.installContext,
    installation: { ari: { installationId: installation.id }, contexts: [{ cloudId: LOCAL_CLOUD_ID }] },
    license: undefined,
  };
}
