namespace Tandem.Heartbeat;

/// <summary>
/// The restart generation a daemon puts in every heartbeat: the wall-clock time it started, in milliseconds
/// since the Unix epoch. It grows across restarts without any state on disk, as long as the clock is not set
/// back between two starts by more than the time between them. If it is, the peer drops the new daemon's
/// heartbeats as replays of an older generation (and logs so) until the peer's own daemon is restarted.
/// Within one generation the sequence number counts send rounds from 1.
/// </summary>
public static class RestartGeneration
{
    public static ulong At(TimeProvider time) => (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
}
