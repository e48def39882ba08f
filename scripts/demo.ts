// npm run demo: the app with the demo organization, on the embedded database unless DATABASE_URL is set.
import { launch } from "./lib/launch.ts";

await launch({ mode: "start", seedDemo: true });
