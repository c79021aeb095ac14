using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Fuse;

namespace Tandem.Tests.Integration.Fuse;

/// <summary>
/// A temporary directory for one test, and the guarantee that whatever the test mounted or attached
/// under it is gone afterwards, even when the test failed half-way: loop devices over files in it are
/// detached, mounts in it are lazily unmounted (deepest first), FUSE connections left open are aborted.
/// </summary>
sealed class FuseTestScope : IAsyncDisposable
{
    public FuseTestScope()
    {
        Root = Path.Combine(Path.GetTempPath(), "tandem-fuse-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Root = FuseMount.Canonical(Root);
    }

    public string Root { get; }

    public ILoggerFactory Logs { get; } = NullLoggerFactory.Instance;

    readonly HashSet<string> _made = new();

    /// <summary>A directory under the root, created the first time (a stale mount point cannot be stat'ed later).</summary>
    public string Dir(string name)
    {
        var path = Path.Combine(Root, name);
        if (_made.Add(name))
            Directory.CreateDirectory(path);
        return path;
    }

    public static async Task<ToolRunner.Result> Run(string tool, params string[] args)
    {
        var r = await ToolRunner.RunAsync(tool, args, TimeSpan.FromSeconds(60), CancellationToken.None);
        return r;
    }

    public static async Task MustRun(string tool, params string[] args)
    {
        var r = await Run(tool, args);
        Assert.True(r.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {r.ExitCode}: {r.StdErr} {r.StdOut}");
    }

    public async ValueTask DisposeAsync()
    {
        var mounts = MountInfoEntry.ReadAll().Where(m => m.MountPoint.StartsWith(Root + "/", StringComparison.Ordinal)).ToList();
        // Filesystems on loop devices first, so the loops can go.
        foreach (var m in mounts.Where(m => !m.FsType.StartsWith("fuse", StringComparison.Ordinal)).OrderByDescending(m => m.MountPoint.Length))
            await Run("umount", "-l", m.MountPoint);
        foreach (var loop in LoopDevice.FindBackedBy(Root, NullLogger.Instance))
            await Run("losetup", "-d", loop.Path);
        foreach (var m in mounts.Where(m => m.FsType.StartsWith("fuse", StringComparison.Ordinal)))
        {
            FuseMount.Abort(m.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
            FuseMount.Detach(m.MountPoint);
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a lazily unmounted filesystem may still be going away; the directory is in /tmp
        }
    }
}

[CollectionDefinition("fuse", DisableParallelization = true)]
public sealed class FuseCollection;
