/** Which app and environment this code runs as (for the macro's ADF node on pages the app creates). */
import { getAppContext } from '@forge/api';

export interface AppIdentity {
  appId: string;
  environmentId: string;
  environmentType: 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';
}

export function appIdentity(): AppIdentity {
  const c = getAppContext();
  const type = String(c.environmentType).toUpperCase();
  return {
    appId: c.appAri.appId,
    environmentId: c.environmentAri.environmentId,
    environmentType: type === 'DEVELOPMENT' || type === 'STAGING' ? type : 'PRODUCTION',
  };
}
