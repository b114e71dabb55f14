import { callResolver } from '../../shared/bridge';
import { mount } from '../../shared/mount';
import { ConfigApp } from './ConfigApp';

mount(<ConfigApp api={{ getOverview: () => callResolver('macro-resolver', 'getOverview', {}) }} />);
