import { callResolver } from '../../shared/bridge';
import { mount } from '../../shared/mount';
import { MacroApp } from './MacroApp';

mount(<MacroApp api={{ getOverview: () => callResolver('macro-resolver', 'getOverview', {}) }} />);
