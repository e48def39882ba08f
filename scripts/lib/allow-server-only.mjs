// node --import this file: lets a script import the app's server modules, which start with `import "server-only"`
// (a marker that throws outside React server code). The marker alone is resolved under the "react-server"
// condition, to its empty module, as in Next's server build; everything else resolves as usual (React included,
// which under that condition everywhere would lack what Next's client-side modules need).
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
      if (specifier === "server-only") return next(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
      return next(specifier, context);
    }`),
  import.meta.url,
);
