namespace Tandem.Device;

/// <summary>A block device cannot be removed because it is mounted or held open; nothing was torn down.</summary>
public sealed class DeviceBusyException(string node, IReadOnlyList<string> holders)
    : IOException($"{node} is in use ({string.Join(", ", holders)}); unmount it or stop its users, then retry")
{
    public string Node { get; } = node;
}
