// Runs in the browser before hydration (Next's instrumentation-client convention). The code lives
// under lib/ so that a change to it rebuilds the app (scripts/build-state.mjs watches lib/).
import './lib/csp-client'
