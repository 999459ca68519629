/**
 * Runs `stop` once when the process that started this one is gone, however it ended: the parent
 * opens an IPC channel when it spawns this process (stdio "ipc"), and the channel closes when the
 * parent dies, `kill -9` included, which gives it no chance to stop its children itself. The
 * channel does not keep this process alive. Without a channel (started some other way) nothing
 * is watched.
 */
export function exitWithParent(stop: () => void): void {
  if (!process.channel) return;
  process.channel.unref();
  process.once("disconnect", stop);
}
