// Regenerates the committed JSON Schemas from the zod schemas: `npx tsx services/publish/src/write-schemas.ts`.
import { writeFileSync } from 'node:fs';
import { PUBLISHED_SCHEMAS, schemaText, type SchemaFile } from './formats/schemas.ts';

for (const file of Object.keys(PUBLISHED_SCHEMAS) as SchemaFile[]) {
  writeFileSync(new URL(`../schema/${file}`, import.meta.url), schemaText(file));
  console.log(`wrote services/publish/schema/${file}`);
}
