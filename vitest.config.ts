import { defineConfig } from "vitest/config";

// Two projects: unit tests are pure and fast; integration tests share one real App Server
// per file, so they run with fewer workers to keep a 2-core machine responsive.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ["test/integration/global-setup.ts"],
          maxWorkers: 2,
        },
      },
    ],
  },
});
