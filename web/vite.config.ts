import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The API serves the built app from its wwwroot at "/". In development, `npm run dev` proxies /api to an API started
// with `dotnet run --project src/Investment.Api` (default http://localhost:5080; INVESTMENT_API overrides it).
const api = process.env.INVESTMENT_API ?? 'http://localhost:5080'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus: only the components the templates use, each with its own CSS.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'src/components.d.ts',
      dirs: [],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: '../src/Investment.Api/wwwroot',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/openapi': { target: api },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
