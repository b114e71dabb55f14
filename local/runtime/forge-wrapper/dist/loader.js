// The local site's stand-in for Forge's node runtime loader (`__forge__.cjs` in a deployed bundle).
// On Forge, the loader fetched from Atlassian's CDN starts the sandbox, installs the runtime
// globals and calls the handler the manifest names. In the local site, local/runtime installs
// those globals and calls the handlers itself, so this loader only loads the app's bundle and
// hands its exports on (docs/platform.md, "Build and deploy").
'use strict';
module.exports = require('./index.cjs');
