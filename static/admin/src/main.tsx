import { callResolver } from '../../shared/bridge';
import { mount } from '../../shared/mount';
import { AdminApp } from './AdminApp';

mount(<AdminApp api={{ getOverview: () => callResolver('admin-resolver', 'getOverview', {}) }} />);
