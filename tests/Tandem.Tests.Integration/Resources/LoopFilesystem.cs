using System.Diagnostics;
using Tandem.Resources.Agents.Filesystem;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Resources;

/// <summary>An ext4 image on a loop device and a mount point, for one test; all removed on dispose.</summary>
sealed class LoopFilesystem : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tandem-fs-").FullName;
    readonly List<Process> _processes = [];

    public LoopFilesystem()
    {
        var image = Path.Combine(_dir, "disk.img");
        using (var f = File.Create(image))
            f.SetLength(64L << 20);
        Proc.Ok("mkfs.ext4", "-q", "-F", image);
        Device = Proc.Ok("losetup", "--find", "--show", image).Out.Trim();
        MountPoint = Path.Combine(_dir, "mnt");
    }

    public string Device { get; }

    public string MountPoint { get; }

    public bool Mounted => MountEntry.At(MountEntry.ReadAll(), MountPoint) is not null;

    /// <summary>Starts <c>sh -c SCRIPT</c> (killed by PID on dispose).</summary>
    public Process Hold(string script)
    {
        var psi = new ProcessStartInfo("sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        var p = Process.Start(psi)!;
        _processes.Add(p);
        return p;
    }

    public void Dispose()
    {
        try
        {
            StopProcessesAndUnmount();
        }
        finally
        {
            Proc.Run("losetup", ["-d", Device]);
            Directory.Delete(_dir, recursive: true);
        }
    }

    void StopProcessesAndUnmount()
    {
        foreach (var p in _processes)
        {
            try
            {
                if (!p.HasExited)
                    p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
            p.Dispose();
        }
        while (MountEntry.ReadAll().Any(m => m.MountPoint == MountPoint))
            if (Proc.Run("umount", ["-l", MountPoint]).Exit != 0)
                break;
    }
}
