using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tandem.Fuse.Native;

namespace Tandem.Fuse;

/// <summary>A loop block device (/dev/loopN) over a file, managed with losetup(8).</summary>
public sealed class LoopDevice
{
    static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);
    readonly ILogger _logger;

    ulong? _diskSeq;

    LoopDevice(string path, string backingFile, ILogger logger)
    {
        Path = path;
        BackingFile = backingFile;
        _logger = logger;
    }

    /// <summary>/dev/loopN.</summary>
    public string Path { get; }

    public string BackingFile { get; }

    string SysDir => $"/sys/block/{System.IO.Path.GetFileName(Path)}";

    /// <summary>Whether the kernel runs this loop device with direct I/O on its file.</summary>
    public bool IsDirectIo => ReadSys("loop/dio") == "1";

    /// <summary>
    /// Whether the device is still attached to the file it was attached to by this object (false once
    /// detached, and false when the number was reused for another file since).
    /// </summary>
    public bool IsAttached => File.Exists($"{SysDir}/loop/backing_file") && (_diskSeq is null || ReadDiskSeq() == _diskSeq);

    /// <summary>The disk sequence number, which the kernel bumps on every attach and detach.</summary>
    ulong? ReadDiskSeq() => ulong.TryParse(ReadSys("diskseq"), out ulong seq) ? seq : null;

    /// <summary><c>losetup --find --show [--direct-io=on] --sector-size N FILE</c>.</summary>
    public static async Task<LoopDevice> AttachAsync(string file, bool directIo, int sectorSize, ILogger logger, CancellationToken ct)
    {
        if (sectorSize is not (512 or 1024 or 2048 or 4096))
            throw new ArgumentOutOfRangeException(nameof(sectorSize), sectorSize, "512, 1024, 2048 or 4096");
        var args = new List<string> { "--find", "--show", $"--direct-io={(directIo ? "on" : "off")}", "--sector-size", sectorSize.ToString(System.Globalization.CultureInfo.InvariantCulture), file };
        var r = await ToolRunner.RunAsync("losetup", args, ToolTimeout, ct).ConfigureAwait(false);
        if (r.ExitCode != 0 || !r.StdOut.StartsWith("/dev/loop", StringComparison.Ordinal))
            throw new IOException($"losetup {string.Join(' ', args)} failed (exit {r.ExitCode}): {FirstLine(r.StdErr, r.StdOut)}");
        var loop = new LoopDevice(r.StdOut.Split('\n')[0].Trim(), file, logger);
        loop._diskSeq = loop.ReadDiskSeq();
        FuseLog.LoopAttached(logger, loop.Path, file, loop.IsDirectIo, sectorSize);
        if (directIo && !loop.IsDirectIo)
            FuseLog.LoopDirectIoUnavailable(logger, loop.Path);
        return loop;
    }

    /// <summary>
    /// True when the device is mounted, claimed by another block device (holders) or opened exclusively:
    /// an O_EXCL open fails with EBUSY. A plain open by some process is not visible this way.
    /// </summary>
    public bool IsInUse()
    {
        if (Directory.Exists($"{SysDir}/holders") && Directory.EnumerateFileSystemEntries($"{SysDir}/holders").Any())
            return true;
        int fd = FuseLibc.Open(Path, FuseLibc.O_RDONLY | FuseLibc.O_EXCL | FuseLibc.O_CLOEXEC);
        if (fd >= 0)
        {
            FuseLibc.Close(fd);
            return false;
        }
        return Marshal.GetLastPInvokeError() == FuseLibc.EBUSY;
    }

    /// <summary>
    /// <c>losetup -d</c>, refused with <see cref="LoopDeviceBusyException"/> (nothing changed) while the device
    /// is in use, then waits until the kernel has let go of the backing file.
    /// </summary>
    public async Task DetachAsync(CancellationToken ct)
    {
        if (!IsAttached)
            return;
        if (IsInUse())
        {
            FuseLog.LoopBusy(_logger, Path);
            throw new LoopDeviceBusyException(Path);
        }
        var r = await ToolRunner.RunAsync("losetup", ["-d", Path], ToolTimeout, ct).ConfigureAwait(false);
        if (r.ExitCode != 0 && IsAttached)
            throw new IOException($"losetup -d {Path} failed (exit {r.ExitCode}): {FirstLine(r.StdErr, r.StdOut)}");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (IsAttached && DateTime.UtcNow < deadline)
            await Task.Delay(20, ct).ConfigureAwait(false);
        if (IsAttached)
            throw new IOException($"{Path} still holds {BackingFile} after losetup -d");
        FuseLog.LoopDetached(_logger, Path);
    }

    /// <summary>Attached loop devices whose backing file lies under <paramref name="dir"/> (left by a killed process).</summary>
    public static IReadOnlyList<LoopDevice> FindBackedBy(string dir, ILogger logger)
    {
        string prefix = FuseMount.Canonical(dir) + "/";
        var found = new List<LoopDevice>();
        foreach (var sys in Directory.EnumerateDirectories("/sys/block", "loop*"))
        {
            string? backing = ReadFile($"{sys}/loop/backing_file");
            if (backing is not null && backing.StartsWith(prefix, StringComparison.Ordinal))
                found.Add(new LoopDevice($"/dev/{System.IO.Path.GetFileName(sys)}", backing, logger));
        }
        return found;
    }

    string? ReadSys(string rel) => ReadFile($"{SysDir}/{rel}");

    static string? ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    static string FirstLine(string a, string b)
    {
        string s = a.Length > 0 ? a : b;
        return s.Length == 0 ? "no output" : s.Split('\n')[0];
    }
}
