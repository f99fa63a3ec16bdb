// Copies the page templates and the stylesheet next to the compiled service in dist/.
import { cpSync } from 'node:fs';

for (const folder of ['views', 'public']) {
  cpSync(`web/${folder}`, `dist/web/${folder}`, { recursive: true });
}
