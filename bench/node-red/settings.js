// Node-RED for bench/run.sh (benchmark only): the flow in flows.json on 127.0.0.1, no editor,
// the function node allowed to load the pg module, log at warn (no line per request).
module.exports = {
  uiHost: '127.0.0.1',
  uiPort: Number(process.env.PORT || 18080),
  flowFile: 'flows.json',
  userDir: process.env.NODE_RED_USER_DIR,
  httpAdminRoot: false,
  functionExternalModules: true,
  logging: { console: { level: 'warn', metrics: false, audit: false } },
};
