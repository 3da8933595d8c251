import { defineConfig } from "vitest/config";

// The build goes straight into the Go embed folder; the files are
// committed so that `go build` needs no Node. Names carry a content hash
// (long-cached by the Go handler), and nothing is inlined into
// index.html, so the Content-Security-Policy can forbid inline code.
export default defineConfig({
  esbuild: {
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
  },
  build: {
    outDir: "../internal/webui/dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: false,
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      output: {
        entryFileNames: "assets/[name]-[hash].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
  server: {
    // `npm run dev` talks to a specwright serve running on the default port.
    proxy: {
      "/api": { target: "http://127.0.0.1:8888", ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
