// Installs the real Letta Code App Server once before any integration test (idempotent, cached).
export default async function setup(): Promise<void> {
  const { ensureLetta } = await import("../../scripts/install-letta.mjs");
  ensureLetta();
}
