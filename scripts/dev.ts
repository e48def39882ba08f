// npm run dev: the development server with the demo organization.
import { launch } from "./lib/launch.ts";

await launch({ mode: "dev", seedDemo: true });
