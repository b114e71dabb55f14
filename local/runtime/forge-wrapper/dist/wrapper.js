// The local site's stand-in for Forge's node runtime wrapper (`__forge_wrapper__.cjs` in a
// deployed bundle). Nothing to wrap locally: local/runtime installs `__forge_runtime__` and
// `__forge_fetch__` before it invokes a function (docs/platform.md, "Build and deploy").
'use strict';
module.exports = {};
