// Runs in the browser before the app's code. zod 4 probes whether it may compile validators with `new Function`
// when a schema is created; under our Content-Security-Policy (no 'unsafe-eval') the probe is refused and Chrome
// logs a CSP violation on every form page. jitless: validate without compiling, and without probing.
import { z } from "zod";

z.config({ jitless: true });
