import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Transport logs of test sessions go to a scratch folder, never the developer's own state dir.
// Likewise the config file (conf honours XDG_CONFIG_HOME): tests never touch the real one.
const env = { XDG_STATE_HOME: join(tmpdir(), "letta-tui-test-state"), XDG_CONFIG_HOME: join(tmpdir(), "letta-tui-test-config") };

// Integration tests share one real App Server per file, so they run with fewer workers to
// keep a 2-core machine responsive.
const integration = {
  environment: "node",
  env,
  testTimeout: 120_000,
  hookTimeout: 180_000,
  globalSetup: ["test/integration/global-setup.ts"],
  maxWorkers: 2,
};

// Projects: unit tests are pure and fast; integration tests (the fault suites among them).
export default defineConfig({
  test: {
    projects: [
      {
        // The limit only stops a hung test: property tests that draw with Ink take seconds on a
        // loaded 2-core machine, and nothing is timed by it.
        test: { name: "unit", include: ["test/unit/**/*.test.{ts,tsx}"], environment: "node", env, testTimeout: 60_000 },
      },
      { test: { name: "integration", include: ["test/integration/**/*.test.{ts,tsx}"], ...integration } },
    ],
  },
});
