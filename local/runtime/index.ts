export { createClock, type SiteClock } from './clock';
export { parseManifest, loadManifest, findUiModule, type AppManifest, type UiModuleInfo, type FunctionInfo } from './manifest';
export {
  SiteRuntime,
  InvocationFailure,
  FORGE_TIME_LIMITS,
  type AppModule,
  type LoadApp,
  type ResolverCall,
  type ScheduledRun,
  type TimeLimits,
  type SiteRuntimeOptions,
  type InvocationRecord,
} from './site-runtime';
export { extensionFor, frontendContext, LOCAL_CLOUD_ID, type ExtensionTarget } from './context';
export { FaultRulesBody, FaultRuleInput } from './faults';
export type { LoggedRequest } from './request-log';
export type { DeliveryRecord, AsyncEvent } from './queue';
export { LatencyProfile, NO_LATENCY, REALISTIC_LATENCY } from './latency';
