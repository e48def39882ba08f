// npm start: the app in production mode (migrations applied first), without demo data.
import { launch } from "./lib/launch.ts";

await launch({ mode: "start", seedDemo: false });
