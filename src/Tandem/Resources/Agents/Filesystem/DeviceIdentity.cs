namespace Tandem.Resources.Agents.Filesystem;

/// <summary>Which block device a Filesystem resource names, as a path and as "major:minor".</summary>
public static class DeviceIdentity
{
    /// <summary>The device node a spec names: the path itself, or /dev/disk/by-uuid|by-label for UUID=/LABEL=.</summary>
    public static string Path(string device) =>
        device.StartsWith("UUID=", StringComparison.Ordinal) ? "/dev/disk/by-uuid/" + device[5..]
        : device.StartsWith("LABEL=", StringComparison.Ordinal) ? "/dev/disk/by-label/" + device[6..]
        : device;

    /// <summary>"major:minor" of a block device (following links such as /dev/tandem/r0), or null when it is not one.</summary>
    public static string? Number(string device)
    {
        var path = Path(device);
        if (!path.StartsWith('/') || !File.Exists(path))
            return null;
        var info = new FileInfo(path);
        var real = info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        var dev = $"/sys/class/block/{System.IO.Path.GetFileName(real)}/dev";
        return File.Exists(dev) ? File.ReadAllText(dev).Trim() : null;
    }

    /// <summary>True when <paramref name="mount"/> comes from <paramref name="device"/>.</summary>
    public static bool Matches(MountEntry mount, string device) =>
        Number(device) is { } number ? mount.DeviceNumber == number : mount.Source == Path(device) || mount.Source == device;
}
