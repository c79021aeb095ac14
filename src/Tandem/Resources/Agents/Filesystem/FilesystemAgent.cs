using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents.Filesystem;

/// <summary>
/// <c>Filesystem</c>: mounts the device on the directory (creating it), unmounts on stop after killing the processes
/// that hold the mount (TERM, then KILL), and checks that the directory is mounted from the right device and
/// writable. Mounts are looked up in the daemon's own mount namespace.
/// </summary>
public sealed partial class FilesystemAgent(FilesystemSpec spec, AgentContext context) : IResourceAgent
{
    /// <summary>Unmount attempts before a stop fails.</summary>
    public int UnmountAttempts { get; init; } = 5;

    /// <summary>How long holders get to exit after TERM before they get KILL.</summary>
    public TimeSpan TermGrace { get; init; } = TimeSpan.FromSeconds(5);

    public ResourceSpec Spec => spec;

    string Dir => spec.Directory;

    public async Task<AgentResult> StartAsync(CancellationToken ct)
    {
        var device = DeviceIdentity.Path(spec.Device);
        if (device.StartsWith('/') && !File.Exists(device))
            return AgentResult.Failed($"device {device} does not exist; is the volume Primary here (list volume:: before Filesystem::)?");
        if (MountEntry.At(MountEntry.ReadAll(), Dir) is { } current)
            return DeviceIdentity.Matches(current, spec.Device) ? AgentResult.Ok
                : AgentResult.Failed($"{Dir} already has {current.Source} ({current.FsType}) mounted; unmount it first");
        try
        {
            Directory.CreateDirectory(Dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AgentResult.Failed($"cannot create mount point {Dir}: {e.Message}");
        }
        List<string> args = [];
        if (spec.FsType is not null)
            args.AddRange(["-t", spec.FsType]);
        if (spec.Options is not null)
            args.AddRange(["-o", spec.Options]);
        args.AddRange([device, Dir]);
        var r = await context.RunAsync("mount", args, ct);
        return r.ExitCode == 0 ? AgentResult.Ok : AgentResult.Failed($"mount {string.Join(' ', args)}: {r.Describe()}");
    }

    public async Task<AgentResult> MonitorAsync(CancellationToken ct)
    {
        var mount = MountEntry.At(MountEntry.ReadAll(), Dir);
        if (mount is null)
            return AgentResult.NotRunning($"nothing is mounted on {Dir}");
        if (!DeviceIdentity.Matches(mount, spec.Device))
            return AgentResult.Failed($"{Dir} has {mount.Source} mounted, not {spec.Device}");
        if (mount.ReadOnly)
            return AgentResult.Failed($"{Dir} is mounted read-only (an I/O error may have remounted it); check the kernel log");
        // Off the caller's thread: a hung disk blocks in fsync, and the timeout must still be able to give up on it.
        return await Task.Run(Probe, ct);
    }

    /// <summary>Writes, fsyncs and deletes a small file: the filesystem takes writes right now.</summary>
    AgentResult Probe()
    {
        var path = $"{Dir}/.tandem-probe-{context.Node}";
        try
        {
            using (var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                f.Write("tandem monitor\n"u8);
                f.Flush(flushToDisk: true);
            }
            File.Delete(path);
            return AgentResult.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AgentResult.Failed($"{Dir} is not writable: {e.Message}");
        }
    }
}
