import { callResolver } from '../../common/bridge';
import { mount } from '../../common/mount';
import { ContextApp } from './ContextApp';

mount(<ContextApp api={{ getStatus: () => callResolver('panel-resolver', 'getStatus', {}) }} />);
