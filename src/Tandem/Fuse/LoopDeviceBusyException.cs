namespace Tandem.Fuse;

/// <summary>A loop device cannot be detached because it is mounted or held open; nothing was torn down.</summary>
public sealed class LoopDeviceBusyException(string loopPath)
    : IOException($"{loopPath} is in use (mounted or held open); unmount it or stop its users, then retry")
{
    public string LoopPath { get; } = loopPath;
}
