import { callResolver } from '../../shared/bridge';
import { mount } from '../../shared/mount';
import { ContextApp } from './ContextApp';

mount(<ContextApp api={{ getStatus: () => callResolver('panel-resolver', 'getStatus', {}) }} />);
