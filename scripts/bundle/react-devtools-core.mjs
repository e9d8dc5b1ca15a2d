// Stands in for react-devtools-core in the bundle. Ink imports it only when DEV=true (React
// DevTools over a socket), a development aid that is not a dependency of letta-tui; without
// this stand-in the bundle would import a package a user never installed.
export default {
  initialize() {},
  connectToDevTools() {},
};
