// Refreshes web/openapi.json from a running API (default http://localhost:5080; INVESTMENT_API overrides), so the
// generated types follow the C# contract: `npm run openapi && npm run build`. The API tests keep the committed file equal
// to the served document (INVESTMENT_UPDATE_OPENAPI=1 dotnet test … --filter OpenApiDocumentTests rewrites it too).
import { writeFile } from 'node:fs/promises'

const api = process.env.INVESTMENT_API ?? 'http://localhost:5080'
const response = await fetch(`${api}/openapi/v1.json`)
if (!response.ok) {
  console.error(`GET ${api}/openapi/v1.json answered ${response.status}`)
  process.exit(1)
}
const document = await response.json()
// The host it was asked from is no part of the contract (tests/…/OpenApiDocumentTests compares without it).
delete document.servers
await writeFile(new URL('../openapi.json', import.meta.url), JSON.stringify(document, null, 2) + '\n')
console.log(`openapi.json: ${Object.keys(document.paths ?? {}).length} paths from ${api}`)
