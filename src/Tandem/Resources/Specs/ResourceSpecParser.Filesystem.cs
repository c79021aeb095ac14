namespace Tandem.Resources.Specs;

/// <summary><c>Filesystem::device::dir[::fstype[::options]]</c> (Heartbeat's Filesystem).</summary>
public static partial class ResourceSpecParser
{
    const string FsExample = "Filesystem::/dev/tandem/r0::/data::ext4";

    /// <summary>Filesystems whose source is not a local block device.</summary>
    static readonly HashSet<string> NetworkFsTypes = ["nfs", "nfs4", "cifs", "smb3", "glusterfs", "ceph", "9p"];

    static FilesystemSpec Filesystem(string id, string[] args)
    {
        if (args.Length < 2)
            throw Bad($"Filesystem needs a device and a mount point; write {FsExample}");
        if (args.Length > 4)
            throw Bad($"Filesystem takes device::dir::fstype::options, found {args.Length} arguments; write {FsExample}");
        var fstype = args.Length > 2 && args[2].Length > 0 ? FsType(args[2]) : null;
        var device = Device(args[0], fstype);
        var dir = MountPoint(args[1]);
        string? options = null;
        if (args.Length > 3)
        {
            options = args[3];
            if (options.Length == 0 || options.Any(char.IsWhiteSpace) || options.StartsWith(',') || options.EndsWith(','))
                throw Bad($"mount options \"{options}\" must be a comma-separated list without spaces, such as noatime,nodiratime");
        }
        return new FilesystemSpec(id, device, dir, fstype, options);
    }

    static string Device(string device, string? fstype)
    {
        if (device.Length == 0)
            throw Bad($"the device is missing; write {FsExample}");
        if (device.Any(char.IsWhiteSpace))
            throw Bad($"device \"{device}\" cannot contain spaces");
        if (device.StartsWith('/') || (fstype is not null && NetworkFsTypes.Contains(fstype)))
            return device;
        if ((device.StartsWith("UUID=", StringComparison.Ordinal) || device.StartsWith("LABEL=", StringComparison.Ordinal))
            && device.IndexOf('=') < device.Length - 1 && !device[(device.IndexOf('=') + 1)..].Contains('/'))
            return device;
        throw Bad($"device \"{device}\" must be an absolute path (such as /dev/tandem/r0), UUID=... or LABEL=...");
    }

    static string MountPoint(string dir)
    {
        if (!dir.StartsWith('/'))
            throw Bad($"mount point \"{dir}\" must be an absolute directory, such as /data");
        var trimmed = dir.TrimEnd('/');
        if (trimmed.Length == 0)
            throw Bad("the mount point cannot be /; mount the filesystem on a directory such as /data");
        if (trimmed.Any(char.IsWhiteSpace) || trimmed.Split('/').Skip(1).Any(p => p is "" or "." or ".."))
            throw Bad($"mount point \"{dir}\" must be a plain path without spaces, empty, \".\" or \"..\" parts, such as /data");
        return trimmed;
    }

    static string FsType(string fstype) =>
        fstype.Length <= 64 && fstype.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '+' or '-')
            ? fstype : throw Bad($"\"{fstype}\" is not a filesystem type; use the name mount -t takes, such as ext4 or xfs");
}
