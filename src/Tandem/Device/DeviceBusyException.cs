namespace Tandem.Device;

/// <summary>A block device cannot be removed because it is mounted or held open; nothing was torn down.</summary>
public sealed class DeviceBusyException(string node, string holder)
    : IOException($"{node} is held open by {holder}; unmount it or stop its users, then retry")
{
    /// <summary>What holds it, as a refusal names it: "a filesystem mounted on /data, process 4242 (mysqld)".</summary>
    public string Holder { get; } = holder;
}
